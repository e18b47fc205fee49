// `npm run cli -- stripe sync|reconcile`: pages through the Stripe API (or STRIPE_API_BASE) with STRIPE_SECRET_KEY;
// sync stores customers, subscriptions and invoices, reconcile repairs what missed webhooks left wrong.
// Either way the whole recompute pipeline runs after (rankings and alerts read billing too).
import type Stripe from "stripe";
import { env } from "@/lib/env";
import { reconcileWithStripe, stripeClientFromEnv, syncFromStripe } from "@/lib/services/billing/stripe-sync";
import { runPipeline } from "@/lib/services/pipeline";
import { commandArgs } from "./args";

const USAGE = "usage: npm run cli -- stripe sync|reconcile";

export async function run(args: string[]): Promise<number> {
  const action = commandArgs(args, USAGE, { positionals: [1, 1] })?.positionals[0];
  if (action !== "sync" && action !== "reconcile") {
    if (action !== undefined) console.error(USAGE);
    return 2;
  }
  const key = env().STRIPE_SECRET_KEY;
  if (!key) {
    console.error(
      "STRIPE_SECRET_KEY is not set (a restricted key with read access to customers, subscriptions and invoices is enough)",
    );
    return 2;
  }
  let stripe: Stripe;
  try {
    stripe = stripeClientFromEnv(key);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  await runStripeCommand(action, stripe, (line) => console.log(line));
  return 0;
}

/** The command without its argument handling, so a test can point it at a local Stripe API. */
export async function runStripeCommand(
  action: "sync" | "reconcile",
  stripe: Stripe,
  log: (line: string) => void,
): Promise<void> {
  if (action === "sync") {
    const summary = await syncFromStripe(stripe, (line) => log(`  ${line}`));
    log(
      `Synced ${summary.customers} customers, ${summary.subscriptions} subscriptions, ${summary.payments} payments from ${summary.invoices} invoices`,
    );
  } else {
    const repairs = await reconcileWithStripe(stripe, (line) => log(`  ${line}`));
    log(
      repairs.length
        ? `${repairs.length} difference(s) found; ${repairs.filter((r) => r.action === "upsert").length} repaired`
        : "Everything matches Stripe",
    );
  }
  await runPipeline({ reason: `stripe ${action}`, log: (line) => log(`  ${line}`) });
}
