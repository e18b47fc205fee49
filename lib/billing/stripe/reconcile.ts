// Compares stored subscriptions with Stripe's current ones and lists the repairs, most harmful first.
// Pure: the reconcile command pages through the Stripe API (status "all"), normalises, and applies these.
import { isActiveLike, type SubscriptionState } from "../types";

export type RepairKind =
  | "stored_active_remote_canceled"
  | "missing_locally"
  | "status_mismatch"
  | "plan_mismatch"
  | "mrr_mismatch"
  | "details_mismatch"
  | "missing_remotely";

/** Lower sorts first: a customer we still count as paying who has cancelled distorts MRR and churn the most. */
const PRIORITY: Record<RepairKind, number> = {
  stored_active_remote_canceled: 0,
  missing_locally: 1,
  status_mismatch: 2,
  plan_mismatch: 3,
  mrr_mismatch: 4,
  details_mismatch: 5,
  missing_remotely: 6,
};

export interface SubscriptionRepair {
  kind: RepairKind;
  externalId: string;
  customerId: string;
  /** Every field that differs (for the log), not just the one that named the kind. */
  fields: (keyof SubscriptionState)[];
  stored: SubscriptionState | null;
  remote: SubscriptionState | null;
  /** "upsert": write `remote`; "review": Stripe no longer lists it, so a person (or a retrieve by id) decides. */
  action: "upsert" | "review";
}

const DETAIL_FIELDS = [
  "cancelAtPeriodEnd",
  "currentPeriodEnd",
  "canceledAt",
  "endedAt",
  "customerId",
  "currency",
  "planName",
  "unitAmountCents",
] as const;

const sameValue = (a: unknown, b: unknown): boolean =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

function differingFields(stored: SubscriptionState, remote: SubscriptionState): (keyof SubscriptionState)[] {
  const fields: (keyof SubscriptionState)[] = ["status", "planKey", "mrrCents", ...DETAIL_FIELDS];
  return fields.filter((field) => !sameValue(stored[field], remote[field]));
}

function kindOf(
  stored: SubscriptionState,
  remote: SubscriptionState,
  fields: (keyof SubscriptionState)[],
): RepairKind | null {
  if (isActiveLike(stored.status) && !isActiveLike(remote.status)) return "stored_active_remote_canceled";
  if (fields.includes("status")) return "status_mismatch";
  if (fields.includes("planKey")) return "plan_mismatch";
  if (fields.includes("mrrCents")) return "mrr_mismatch";
  return fields.length ? "details_mismatch" : null;
}

export function reconcileSubscriptions(
  stored: readonly SubscriptionState[],
  remote: readonly SubscriptionState[],
): SubscriptionRepair[] {
  const storedById = new Map(stored.map((s) => [s.externalId, s]));
  const remoteById = new Map(remote.map((s) => [s.externalId, s]));
  const repairs: SubscriptionRepair[] = [];
  for (const r of remoteById.values()) {
    const s = storedById.get(r.externalId);
    if (!s) {
      repairs.push({
        kind: "missing_locally",
        externalId: r.externalId,
        customerId: r.customerId,
        fields: [],
        stored: null,
        remote: r,
        action: "upsert",
      });
      continue;
    }
    const fields = differingFields(s, r);
    const kind = kindOf(s, r, fields);
    if (kind)
      repairs.push({
        kind,
        externalId: r.externalId,
        customerId: r.customerId,
        fields,
        stored: s,
        remote: r,
        action: "upsert",
      });
  }
  for (const s of storedById.values()) {
    if (!remoteById.has(s.externalId)) {
      repairs.push({
        kind: "missing_remotely",
        externalId: s.externalId,
        customerId: s.customerId,
        fields: [],
        stored: s,
        remote: null,
        action: "review",
      });
    }
  }
  return repairs.sort(
    (a, b) => PRIORITY[a.kind] - PRIORITY[b.kind] || a.externalId.localeCompare(b.externalId),
  );
}
