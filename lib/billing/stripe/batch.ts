// Plans a batch of Stripe events at once: each event is decided exactly as it would be alone
// (planEventApplication), in the given order, against the state the events before it left, so a
// batch writes the same rows as applying its events one by one — but as a few set-based statements.
// Pure: the persistence layer (lib/services/billing/stripe-apply.ts) loads stored state and writes.
import type Stripe from "stripe";
import type { IdentityRecord } from "@/lib/ingest/types";
import type { PlanRank, SubscriptionState } from "../types";
import { planEventApplication, type DatedSubscriptionChange, type StoredEventState } from "./events";
import type { InvoicePayment } from "./normalize";

export type ApplyOutcome = "applied" | "duplicate" | "ignored" | "stale" | "quarantined";

export interface EventDecision {
  eventId: string;
  outcome: ApplyOutcome;
  /** Why an event was quarantined (or ignored). */
  detail?: string;
}

export interface PlannedChange {
  eventId: string;
  /** The subscription's state right after this event (its customer and currency date the change). */
  state: SubscriptionState;
  change: DatedSubscriptionChange;
}

export interface PlannedBatch {
  decisions: EventDecision[];
  /** Customer snapshots in event order (the resolver merges repeats, later fields winning). */
  identities: IdentityRecord[];
  /** One per payment key: the first sighting's fields with the last sighting's status (as repeated upserts leave it). */
  payments: InvoicePayment[];
  /** Each touched subscription's final state and the `created` of the newest event applied to it. */
  subscriptions: Map<string, { state: SubscriptionState; lastEventCreated: number }>;
  changes: PlannedChange[];
}

/**
 * `events` must already be free of duplicates (events applied before are left out by the caller); `stored` holds the stored
 * state of every subscription the events touch.
 */
export function planStripeEventBatch(
  events: readonly Stripe.Event[],
  stored: ReadonlyMap<string, StoredEventState>,
  planRank?: PlanRank,
): PlannedBatch {
  const current = new Map(stored);
  const batch: PlannedBatch = {
    decisions: [],
    identities: [],
    payments: [],
    subscriptions: new Map(),
    changes: [],
  };
  const paymentsByKey = new Map<string, InvoicePayment>();
  for (const event of events) {
    const objectId = (event.data.object as { id?: string }).id;
    const isSubscription =
      (event.data.object as { object?: string }).object === "subscription" && objectId != null;
    const intent = planEventApplication(event, isSubscription ? current.get(objectId) : undefined, {
      planRank,
    });
    switch (intent.action) {
      case "quarantine":
        batch.decisions.push({ eventId: event.id, outcome: "quarantined", detail: intent.reason });
        break;
      case "ignore":
        batch.decisions.push({
          eventId: event.id,
          outcome: intent.reason === "stale" ? "stale" : "ignored",
          detail: intent.detail,
        });
        break;
      case "upsert_identity":
        batch.identities.push(intent.identity);
        batch.decisions.push({ eventId: event.id, outcome: "applied" });
        break;
      case "record_payment": {
        const seen = paymentsByKey.get(intent.payment.externalId);
        paymentsByKey.set(
          intent.payment.externalId,
          seen ? { ...seen, status: intent.payment.status } : intent.payment,
        );
        batch.decisions.push({ eventId: event.id, outcome: "applied" });
        break;
      }
      case "upsert_subscription": {
        const after = { state: intent.state, lastEventCreated: intent.lastEventCreated };
        current.set(intent.state.externalId, after);
        batch.subscriptions.set(intent.state.externalId, after);
        if (intent.change)
          batch.changes.push({ eventId: event.id, state: intent.state, change: intent.change });
        batch.decisions.push({ eventId: event.id, outcome: "applied" });
        break;
      }
    }
  }
  batch.payments = [...paymentsByKey.values()];
  return batch;
}
