// What bench:pages adds to the synthetic community so every page has something to read: an
// organisation with 1,000 affiliations (members also affiliated elsewhere, the slow credit path),
// organisation sponsorships so partner status is judged for real, one launched campaign, and a billing
// source that stopped long ago. Idempotent: a reused cluster (--dir) keeps what an earlier run added.
import type { Db } from "@/lib/db/prisma";

export const BIG_ACCOUNT_SLUG = "bench-big-account";
export const BIG_ACCOUNT_AFFILIATIONS = 1000;

/** The big organisation's id, created with its affiliations and sponsorship when missing. */
export async function ensureBigAccount(db: Db): Promise<number> {
  const [existing] = await db.$queryRaw<{ id: number }[]>`
    select id from organizations where slug = ${BIG_ACCOUNT_SLUG}`;
  if (existing) return existing.id;
  const [org] = await db.$queryRaw<{ id: number }[]>`
    insert into organizations (name, slug, country) values ('Bench Big Account', ${BIG_ACCOUNT_SLUG}, 'US') returning id`;
  await db.$executeRaw`insert into organization_domains (domain, org_id) values ('big-account.example', ${org.id})`;
  // Members spread over the id range (every 100th at 100k): busy and quiet ones alike (the generator
  // gives low ids the most events); most already work elsewhere, so their events take the
  // several-affiliations path of the credit rule.
  await db.$executeRaw`
    insert into affiliations (member_id, org_id, starts_at, ends_at, origin)
    select id, ${org.id}, joined_at, null, 'profile' from members
     where (id - 1) % greatest(1, (select count(*) from members) / ${BIG_ACCOUNT_AFFILIATIONS}) = 0
     order by id limit ${BIG_ACCOUNT_AFFILIATIONS}`;
  // Sponsorship: the big account and 40 others pay monthly over the last 6 months.
  await db.$executeRaw`
    insert into payments (org_id, source, external_id, amount_cents, currency, status, kind, occurred_at)
    select o.id, 'manual', 'bench-sponsor-' || o.id || '-' || k, 15000, 'usd', 'paid', 'one-time',
           date_trunc('month', now()) - k * interval '1 month' + interval '3 days'
      from organizations o, generate_series(0, 5) k
     where o.id = ${org.id} or (o.id <= 40 and o.slug <> ${BIG_ACCOUNT_SLUG})`;
  await db.$executeRaw`analyze affiliations`;
  await db.$executeRaw`analyze payments`;
  return org.id;
}

/** The id of a campaign launched from the candidates list (created once). */
export async function ensureCampaign(db: Db): Promise<number> {
  const [existing] = await db.$queryRaw<{ id: number }[]>`select id from campaigns order by id limit 1`;
  if (existing) return existing.id;
  const { createCampaign } = await import("@/lib/services/campaigns");
  const { createCampaignSchema } = await import("@/lib/validation/campaigns");
  const admin = await db.adminUser.upsert({
    where: { email: "bench@localhost" },
    create: { email: "bench@localhost", passwordHash: "!", role: "admin" },
    update: {},
  });
  const launched = await createCampaign(
    { id: admin.id, email: admin.email },
    createCampaignSchema.parse({ name: "Bench upgrades", sourceList: "candidates", size: 200 }),
  );
  return launched.id;
}

export const STOPPED_BILLING_SOURCE = "opencollective";

/**
 * A billing source that stopped long ago, as an Open Collective export ending in 2021 leaves it: every 40th
 * member (from member 7, the busy member the member-page reads open) pays only through it, with an active
 * subscription and twelve monthly payments in 2021 (30,000 at 100k members, doubling the payments table).
 * Every read that leaves stopped sources out (Overview, Cohorts, the paying filter, the member page) then has
 * one to find and to leave out.
 */
export async function ensureStoppedBillingSource(db: Db): Promise<void> {
  const [existing] = await db.$queryRaw<{ id: number }[]>`
    select id from subscriptions where source = ${STOPPED_BILLING_SOURCE} limit 1`;
  if (existing) return;
  await db.$executeRaw`
    insert into subscriptions (member_id, source, external_id, plan_key, tier_rank, status, mrr_cents, started_at, updated_at)
    select id, ${STOPPED_BILLING_SOURCE}, 'oc-sub-' || id, 'premium', 1, 'active', 500, timestamptz '2021-01-05', now()
      from members where id % 40 = 7`;
  await db.$executeRaw`
    insert into subscription_changes (subscription_id, member_id, source, external_id, kind, from_plan_key, to_plan_key, from_tier, to_tier, mrr_before_cents, mrr_after_cents, occurred_at)
    select s.id, s.member_id, s.source, 'oc-new-' || s.id, 'new', 'free', 'premium', 0, 1, 0, 500, s.started_at
      from subscriptions s where s.source = ${STOPPED_BILLING_SOURCE}`;
  await db.$executeRaw`
    insert into payments (member_id, source, external_id, amount_cents, currency, status, kind, occurred_at)
    select s.member_id, s.source, 'oc-pay-' || s.id || '-' || k, 500, 'usd', 'paid', 'subscription',
           s.started_at + (k * 30) * interval '1 day'
      from subscriptions s, generate_series(0, 11) k where s.source = ${STOPPED_BILLING_SOURCE}`;
  // What the importers leave on a member: its active subscriptions' tier and MRR.
  await db.$executeRaw`
    update members m set current_tier = greatest(m.current_tier, 1), current_mrr_cents = m.current_mrr_cents + 500
     where m.id % 40 = 7`;
  await db.$executeRaw`analyze subscriptions`;
  await db.$executeRaw`analyze subscription_changes`;
  await db.$executeRaw`analyze payments`;
}
