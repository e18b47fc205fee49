// Live Stripe sync and reconcile: pages through customers, subscriptions (status all) and invoices
// with the SDK's auto-pagination, stores them, and repairs what missed webhooks left wrong.
import "server-only";
import Stripe from "stripe";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { parseStripeApiBase, type StripeEndpoint } from "@/lib/billing/stripe/endpoint";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  normalizeCustomer,
  normalizeInvoice,
  normalizeSubscription,
  STRIPE_SOURCE,
} from "@/lib/billing/stripe/normalize";
import { deriveSubscriptionChange } from "@/lib/billing/stripe/changes";
import { reconcileSubscriptions, type SubscriptionRepair } from "@/lib/billing/stripe/reconcile";
import { createPlanRanker } from "@/lib/billing/plans";
import type { SubscriptionState } from "@/lib/billing/types";
import type { IdentityResolver } from "@/lib/ingest/persist/identities";
import { ensurePlans } from "@/lib/ingest/persist/billing";
import { recordAudit } from "@/lib/services/audit";
import { newIdentityResolver } from "@/lib/services/imports/resolver";
import { reviveState, writeSubscriptionState } from "./stripe-apply";

type Tx = Prisma.TransactionClient;
type Log = (line: string) => void;

/** A Stripe client; `endpoint` points it elsewhere (a local fake in tests, a proxy). */
export function stripeClient(secretKey: string, endpoint?: StripeEndpoint): Stripe {
  return new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 30_000, ...(endpoint ?? {}) });
}

/** The client the CLI uses: api.stripe.com, or STRIPE_API_BASE when set (throws naming the variable when it is unusable). */
export function stripeClientFromEnv(secretKey: string): Stripe {
  const base = env().STRIPE_API_BASE;
  if (!base) return stripeClient(secretKey);
  const endpoint = parseStripeApiBase(base);
  if ("error" in endpoint) throw new Error(endpoint.error);
  return stripeClient(secretKey, endpoint);
}

async function storedStates(): Promise<SubscriptionState[]> {
  const rows = await db.subscription.findMany({
    where: { source: STRIPE_SOURCE },
    select: {
      externalId: true,
      customerId: true,
      status: true,
      planKey: true,
      mrrCents: true,
      currency: true,
      startedAt: true,
      canceledAt: true,
      currentPeriodEnd: true,
      state: true,
      updatedAt: true,
    },
  });
  return rows.map(
    (r) =>
      reviveState(r.state) ?? {
        externalId: r.externalId,
        customerId: r.customerId ?? "",
        status: r.status as SubscriptionState["status"],
        planKey: r.planKey,
        planName: null,
        unitAmountCents: null,
        currency: r.currency,
        mrrCents: r.mrrCents,
        startedAt: r.startedAt,
        canceledAt: r.canceledAt,
        endedAt: null,
        cancelAtPeriodEnd: false,
        currentPeriodEnd: r.currentPeriodEnd,
        updatedAt: r.updatedAt,
      },
  );
}

/** Writes one subscription as Stripe now shows it, with the change from what was stored (if any). */
async function storeSubscription(
  tx: Tx,
  remote: SubscriptionState,
  stored: SubscriptionState | null,
  resolver: IdentityResolver,
): Promise<void> {
  if (remote.planKey)
    await ensurePlans(tx, [
      {
        key: remote.planKey,
        monthlyCents: remote.mrrCents || (remote.unitAmountCents ?? 0),
        currency: remote.currency,
      },
    ]);
  const plans = await tx.plan.findMany({ select: { key: true, tierRank: true, monthlyAmountCents: true } });
  const change = deriveSubscriptionChange(stored, remote, createPlanRanker(plans));
  const occurredAt =
    change?.kind === "cancel"
      ? (remote.canceledAt ?? remote.endedAt ?? new Date())
      : change?.kind === "new"
        ? remote.startedAt
        : remote.updatedAt;
  const changeId = `sync:${remote.externalId}:${change?.kind ?? "none"}:${occurredAt.getTime()}`;
  await writeSubscriptionState(tx, remote, resolver, change && { ...change, occurredAt }, changeId);
}

export interface SyncSummary {
  customers: number;
  subscriptions: number;
  invoices: number;
  payments: number;
}

export async function syncFromStripe(stripe: Stripe, log: Log = () => {}): Promise<SyncSummary> {
  const resolver = newIdentityResolver();
  const summary: SyncSummary = { customers: 0, subscriptions: 0, invoices: 0, payments: 0 };
  let batch: ReturnType<typeof normalizeCustomer>[] = [];
  const flushCustomers = async () => {
    if (!batch.length) return;
    const records = batch;
    batch = [];
    await db.$transaction((tx) => resolver.upsert(tx, records), { timeout: 120_000 });
  };
  for await (const customer of stripe.customers.list({ limit: 100 })) {
    batch.push(normalizeCustomer(customer));
    summary.customers += 1;
    if (batch.length >= 500) await flushCustomers();
  }
  await flushCustomers();
  log(`customers: ${summary.customers}`);
  const stored = new Map((await storedStates()).map((s) => [s.externalId, s]));
  for await (const sub of stripe.subscriptions.list({ status: "all", limit: 100 })) {
    const remote = normalizeSubscription(sub);
    await db.$transaction(
      (tx) => storeSubscription(tx, remote, stored.get(remote.externalId) ?? null, resolver),
      { timeout: 60_000 },
    );
    summary.subscriptions += 1;
  }
  log(`subscriptions: ${summary.subscriptions}`);
  for await (const invoice of stripe.invoices.list({ limit: 100 })) {
    summary.invoices += 1;
    if (invoice.status !== "paid" && invoice.status !== "open" && invoice.status !== "uncollectible")
      continue;
    const payment = normalizeInvoice(invoice, { outcome: invoice.status === "paid" ? "paid" : "failed" });
    if (!payment) continue;
    await db.$transaction(async (tx) => {
      const actor = { source: STRIPE_SOURCE, externalId: payment.actor.externalId };
      await resolver.ensureActors(tx, [actor]);
      const memberId = resolver.get(actor)!.memberId;
      await tx.payment.upsert({
        where: { source_externalId: { source: STRIPE_SOURCE, externalId: payment.externalId } },
        create: {
          memberId,
          source: STRIPE_SOURCE,
          externalId: payment.externalId,
          amountCents: Math.round(payment.amountCents),
          currency: payment.currency.toLowerCase(),
          status: payment.status,
          kind: payment.paymentKind,
          subscriptionExternalId: payment.subscriptionExternalId ?? null,
          occurredAt: payment.occurredAt,
        },
        update: { status: payment.status },
      });
    });
    summary.payments += 1;
  }
  log(`invoices: ${summary.invoices} (${summary.payments} payments stored)`);
  await recordAudit("stripe-sync", "stripe.sync", "subscription", null, { ...summary });
  return summary;
}

/** Compares every stored subscription with Stripe's and repairs the differences; returns the repairs made. */
export async function reconcileWithStripe(
  stripe: Stripe,
  log: Log = () => {},
): Promise<SubscriptionRepair[]> {
  const remote: SubscriptionState[] = [];
  for await (const sub of stripe.subscriptions.list({ status: "all", limit: 100 }))
    remote.push(normalizeSubscription(sub));
  const stored = await storedStates();
  const repairs = reconcileSubscriptions(stored, remote);
  const resolver = newIdentityResolver();
  for (const repair of repairs) {
    if (repair.action === "upsert" && repair.remote) {
      const stateBefore = repair.stored;
      await db.$transaction((tx) => storeSubscription(tx, repair.remote!, stateBefore, resolver), {
        timeout: 60_000,
      });
      log(
        `repaired ${repair.externalId} (${repair.customerId}): ${repair.kind}${repair.fields.length ? ` [${repair.fields.join(", ")}]` : ""}${repair.stored ? ` ${repair.stored.status} → ${repair.remote.status}` : ""}`,
      );
    } else {
      log(
        `review ${repair.externalId} (${repair.customerId}): stored as ${repair.stored?.status} but Stripe no longer lists it`,
      );
    }
  }
  await recordAudit("stripe-reconcile", "stripe.reconcile", "subscription", null, {
    repairs: repairs.map((r) => ({ id: r.externalId, kind: r.kind })),
  });
  return repairs;
}
