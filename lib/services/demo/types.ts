// The in-memory demo dataset: plain arrays that reference each other by index, so the generator
// stays pure and the persist layer maps indexes to reserved database ids in one pass.

export type Persona = "lurker" | "regular" | "ramper" | "fader" | "burster" | "contributor" | "staff" | "bot";

export interface DemoOrg {
  name: string;
  slug: string;
  domain: string;
  country: string;
  isStaffOrg: boolean;
}

export interface DemoMember {
  displayName: string;
  email: string | null;
  country: string;
  city: number;
  persona: Persona;
  /** Week index of the first activity (0 = first week of the window). */
  joinWeek: number;
  /** Organisation index, or -1. */
  org: number;
  isStaff: boolean;
  isBot: boolean;
  doNotContact: boolean;
  tags: string[];
  /** Bit per source (catalog SOURCES order) the member has an account on. */
  sourceMask: number;
  /** Index into `identities` per source, -1 when absent. */
  identity: [number, number, number, number];
  stripeIdentity: number;
  /** Filled by the activity and billing phases. */
  joinedAt: number;
  lastActiveAt: number;
  currentTier: number;
  currentMrrCents: number;
}

export interface DemoIdentity {
  member: number;
  source: string;
  externalId: string;
  handle: string;
  email: string | null;
  displayName: string;
  isBot: boolean;
}

/** Events in columns (parallel arrays), because there are hundreds of thousands of them. */
export interface EventColumns {
  count: number;
  member: Int32Array;
  type: Uint8Array;
  /** Epoch milliseconds. */
  at: Float64Array;
  /** Channel code: index into the dataset's `channels`. */
  channel: Uint16Array;
}

export interface DemoSubscription {
  member: number;
  externalId: string;
  customerId: string;
  planKey: string;
  tierRank: number;
  status: "active" | "canceled";
  mrrCents: number;
  startedAt: number;
  canceledAt: number | null;
  currentPeriodEnd: number | null;
}

export type ChangeKind = "new" | "upgrade" | "downgrade" | "cancel" | "reactivate";

export interface DemoChange {
  subscription: number;
  member: number;
  externalId: string;
  kind: ChangeKind;
  fromPlanKey: string | null;
  toPlanKey: string | null;
  fromTier: number;
  toTier: number;
  mrrBeforeCents: number;
  mrrAfterCents: number;
  occurredAt: number;
}

export interface DemoPayment {
  member: number;
  externalId: string;
  amountCents: number;
  status: "paid" | "failed";
  subscriptionExternalId: string;
  occurredAt: number;
}

export interface DemoOutreach {
  member: number;
  kind: "upgrade" | "renewal" | "reactivation";
  list: "candidates" | "at-risk" | "member";
  channel: string;
  status: "todo" | "contacted" | "replied" | "upgraded" | "renewed" | "declined" | "no_response";
  note: string;
  createdAt: number;
  dueAt: number | null;
  contactedAt: number | null;
  outcomeAt: number | null;
  outcome: string | null;
}

export interface DemoTimeline {
  /** Start of week 0 (epoch ms). */
  start: number;
  /** `now`: the end of the last week. */
  end: number;
  weeks: number;
}

export interface DemoDataset {
  timeline: DemoTimeline;
  orgs: DemoOrg[];
  members: DemoMember[];
  identities: DemoIdentity[];
  channels: string[];
  events: EventColumns;
  subscriptions: DemoSubscription[];
  changes: DemoChange[];
  payments: DemoPayment[];
  outreach: DemoOutreach[];
}

export { DAY_MS, WEEK_MS } from "@/lib/time";
