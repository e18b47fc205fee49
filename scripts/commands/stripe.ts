// `npm run cli -- stripe sync|reconcile`: pages through the Stripe API (or STRIPE_API_BASE) with STRIPE_SECRET_KEY;
// sync stores customers, subscriptions and invoices, reconcile repairs what missed webhooks left wrong.
import { env } from "@/lib/env";
import { reconcileWithStripe, stripeClientFromEnv, syncFromStripe } from "@/lib/services/billing/stripe-sync";
import { recomputeAll } from "@/lib/services/recompute";

export async function run(argv: string[]): Promise<number> {
  const action = argv[1];
  if (action !== "sync" && action !== "reconcile") {
    console.error("usage: npm run cli -- stripe sync|reconcile");
    return 2;
  }
  const key = env().STRIPE_SECRET_KEY;
  if (!key) {
    console.error("STRIPE_SECRET_KEY is not set (a restricted key with read access to customers, subscriptions and invoices is enough)");
    return 2;
  }
  let stripe;
  try {
    stripe = stripeClientFromEnv(key);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (action === "sync") {
    const summary = await syncFromStripe(stripe, (line) => console.log(`  ${line}`));
    console.log(`Synced ${summary.customers} customers, ${summary.subscriptions} subscriptions, ${summary.payments} payments from ${summary.invoices} invoices`);
  } else {
    const repairs = await reconcileWithStripe(stripe, (line) => console.log(`  ${line}`));
    console.log(repairs.length ? `${repairs.length} difference(s) found; ${repairs.filter((r) => r.action === "upsert").length} repaired` : "Everything matches Stripe");
  }
  await recomputeAll({ log: (line) => console.log(`  ${line}`) });
  return 0;
}
