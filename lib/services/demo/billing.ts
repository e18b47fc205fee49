// Demo billing that follows activity: weekly hazards of upgrading rise with a member's recent activity
// trend, level, breadth and contributions; fading payers downgrade or cancel; some payments fail.
import { DEMO_PLANS } from "./catalog";
import { addStripeIdentity } from "./people";
import { sigmoid, type Rng } from "./random";
import {
  DAY_MS,
  WEEK_MS,
  type ChangeKind,
  type DemoChange,
  type DemoIdentity,
  type DemoMember,
  type DemoPayment,
  type DemoSubscription,
  type DemoTimeline,
} from "./types";
import type { WeeklyAggregates } from "./activity";

export interface Billing {
  subscriptions: DemoSubscription[];
  changes: DemoChange[];
  payments: DemoPayment[];
}

/** Intercepts of the weekly log-odds, tuned so 18 months give ~10–15% payers and a few hundred changes. */
const HAZARD = {
  newPaid: -7.8,
  upgradePlus: -8.0,
  churn: -4.9,
  reactivate: -6.6,
  /** Upgrades nobody could predict from activity. */
  randomNew: 0.00015,
};

const FOUNDER_PAYING: Record<string, number> = {
  lurker: 0.07,
  regular: 0.4,
  ramper: 0.16,
  fader: 0.4,
  burster: 0.13,
  contributor: 0.52,
};

/** What the member's last weeks look like, as the billing hazards see it (season-adjusted weights). */
interface Signals {
  trend: number;
  level: number;
  breadth: number;
  contributions: number;
  quietWeeks: number;
}

function signals(weekly: WeeklyAggregates, offset: number, w: number, joinWeek: number): Signals {
  let recent = 0;
  let baseline = 0;
  let baselineWeeks = 0;
  let mask = 0;
  let contributions = 0;
  let quietWeeks = 0;
  for (let k = w - 4; k < w; k++) {
    const v = k >= joinWeek ? weekly.weight[offset + k] : 0;
    recent += v;
    if (v === 0) quietWeeks++;
    mask |= weekly.sources[offset + k];
    contributions += weekly.contributions[offset + k];
  }
  for (let k = Math.max(joinWeek, w - 12); k < w - 4; k++) {
    baseline += weekly.weight[offset + k];
    baselineWeeks++;
  }
  recent /= 4;
  baseline = baselineWeeks > 0 ? baseline / baselineWeeks : recent;
  const trend = Math.max(-3, Math.min(3, Math.log((recent + 1.2) / (baseline + 1.2))));
  let breadth = 0;
  for (let b = mask; b; b &= b - 1) breadth++;
  return { trend, level: Math.log1p(recent), breadth, contributions, quietWeeks };
}

/** Same day of month, `months` later (clamped to the month's length), in UTC. */
function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const target = new Date(
    Date.UTC(
      d.getUTCFullYear(),
      d.getUTCMonth() + months,
      1,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
    ),
  );
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.getTime();
}

export function simulateBilling(
  people: { members: DemoMember[]; identities: DemoIdentity[] },
  weekly: WeeklyAggregates,
  timeline: DemoTimeline,
  rng: Rng,
): Billing {
  const { weeks, start, end } = timeline;
  const out: Billing = { subscriptions: [], changes: [], payments: [] };
  let invoiceSeq = 0;

  people.members.forEach((m, mi) => {
    if (m.isBot || m.isStaff) return;
    const offset = mi * weeks;
    const propensity = 0.6 * rng.normal();
    let sub = -1; // index of the member's live subscription
    let tier = 0;
    let planSince = 0;
    let nextInvoiceAt = Infinity;
    let pendingCancelAt = Infinity;
    let everPaid = false;
    let canceledAt = -Infinity;

    const change = (kind: ChangeKind, toTier: number, at: number) => {
      const s = out.subscriptions[sub];
      const fromKey = kind === "new" || kind === "reactivate" ? null : DEMO_PLANS[tier].key;
      out.changes.push({
        subscription: sub,
        member: mi,
        externalId: `demo:chg_${out.changes.length + 1}`,
        kind,
        fromPlanKey: fromKey,
        toPlanKey: kind === "cancel" ? null : DEMO_PLANS[toTier].key,
        fromTier: fromKey ? tier : 0,
        toTier: kind === "cancel" ? 0 : toTier,
        mrrBeforeCents: fromKey ? DEMO_PLANS[tier].monthlyAmountCents : 0,
        mrrAfterCents: kind === "cancel" ? 0 : DEMO_PLANS[toTier].monthlyAmountCents,
        occurredAt: at,
      });
      if (kind === "cancel") {
        Object.assign(s, { status: "canceled", mrrCents: 0, canceledAt: at, currentPeriodEnd: null });
        sub = -1;
        tier = 0;
        nextInvoiceAt = Infinity;
        pendingCancelAt = Infinity;
        canceledAt = at;
      } else {
        const plan = DEMO_PLANS[toTier];
        Object.assign(s, { planKey: plan.key, tierRank: plan.tierRank, mrrCents: plan.monthlyAmountCents });
        tier = toTier;
        planSince = at;
      }
    };

    const subscribe = (kind: "new" | "reactivate", toTier: number, at: number) => {
      const customerId = addStripeIdentity(people, mi, rng);
      sub = out.subscriptions.length;
      out.subscriptions.push({
        member: mi,
        externalId: `demo:sub_${String(sub + 1).padStart(6, "0")}`,
        customerId,
        planKey: DEMO_PLANS[toTier].key,
        tierRank: toTier,
        status: "active",
        mrrCents: DEMO_PLANS[toTier].monthlyAmountCents,
        startedAt: at,
        canceledAt: null,
        currentPeriodEnd: null,
      });
      tier = 0;
      change(kind, toTier, at);
      everPaid = true;
      nextInvoiceAt = at;
    };

    /** Monthly invoices due before `until`; a failed one is retried and may end in cancellation. */
    const invoice = (until: number, failRisk: number) => {
      while (sub >= 0 && nextInvoiceAt < until && nextInvoiceAt < end) {
        const at = nextInvoiceAt;
        const s = out.subscriptions[sub];
        const amount = DEMO_PLANS[tier].monthlyAmountCents;
        const id = `demo:in_${String(++invoiceSeq).padStart(7, "0")}`;
        const pay = (status: "paid" | "failed", when: number, attempt: number) => {
          if (when >= end) return;
          out.payments.push({
            member: mi,
            externalId: status === "paid" ? id : `${id}:attempt:${attempt}`,
            amountCents: amount,
            status,
            subscriptionExternalId: s.externalId,
            occurredAt: when,
          });
        };
        nextInvoiceAt = addMonths(s.startedAt, Math.round((at - s.startedAt) / (30.44 * DAY_MS)) + 1);
        s.currentPeriodEnd = nextInvoiceAt;
        if (!rng.chance(failRisk)) {
          pay("paid", at, 1);
          continue;
        }
        pay("failed", at, 1);
        const retry = at + rng.int(3, 7) * DAY_MS;
        if (rng.chance(0.55)) {
          pay("paid", retry, 2);
          continue;
        }
        pay("failed", retry, 2);
        if (rng.chance(0.5)) pendingCancelAt = retry + rng.int(5, 12) * DAY_MS;
        else pay("paid", retry + 7 * DAY_MS, 3);
      }
    };

    // Some founding members already paid before the window opens.
    if (m.joinWeek <= 1 && rng.chance(FOUNDER_PAYING[m.persona] ?? 0)) {
      subscribe("new", rng.chance(0.25) ? 2 : 1, start - rng.int(20, 400) * DAY_MS);
      invoice(start, 0);
    }

    for (let w = m.joinWeek + 1; w < weeks; w++) {
      const weekStart = start + w * WEEK_MS;
      const weekEnd = weekStart + WEEK_MS;
      if (sub >= 0) invoice(weekEnd, 0.035);
      if (pendingCancelAt < weekEnd) {
        change("cancel", 0, Math.min(pendingCancelAt, end - 1));
        continue;
      }
      if (w - m.joinWeek < 4) continue;
      const sig = signals(weekly, offset, w, m.joinWeek);
      const at = weekStart + rng.next() * WEEK_MS;
      const breadthBoost = 0.3 * (sig.breadth - 1);
      const contribBoost = Math.log1p(sig.contributions);
      if (sub < 0 && !everPaid) {
        const p =
          sigmoid(
            HAZARD.newPaid +
              2.6 * sig.trend +
              0.3 * sig.level +
              breadthBoost +
              0.5 * contribBoost +
              propensity,
          ) + HAZARD.randomNew;
        if (rng.chance(p)) subscribe("new", rng.chance(0.12) ? 2 : 1, at);
      } else if (sub < 0) {
        if (at - canceledAt < 6 * WEEK_MS) continue;
        const p = sigmoid(HAZARD.reactivate + 1.2 * sig.trend + 0.6 * sig.level + propensity);
        if (rng.chance(p)) subscribe("reactivate", 1, at);
      } else if (at - planSince > 4 * WEEK_MS) {
        const churn = sigmoid(
          HAZARD.churn - 1.2 * sig.trend - 0.6 * sig.level + 0.35 * sig.quietWeeks - 0.3 * propensity,
        );
        if (rng.chance(churn)) {
          change(tier === 2 && rng.chance(0.65) ? "downgrade" : "cancel", 1, at);
          continue;
        }
        if (tier === 1 && at - planSince > 6 * WEEK_MS) {
          const p = sigmoid(
            HAZARD.upgradePlus + 1.0 * sig.trend + 0.5 * sig.level + 0.6 * contribBoost + propensity,
          );
          if (rng.chance(p)) change("upgrade", 2, at);
        }
      }
    }
    if (sub >= 0) {
      m.currentTier = tier;
      m.currentMrrCents = DEMO_PLANS[tier].monthlyAmountCents;
    }
  });
  return out;
}
