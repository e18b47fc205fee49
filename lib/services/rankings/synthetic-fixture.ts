// A second, differently shaped community generated directly in SQL (generate_series): two tiers, orgs with
// a paying culture, developers who contribute, members who ramp up or fade. For tests and the benchmark.
import "server-only";
import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";

type Tx = Prisma.TransactionClient;
import { addDays, mondayOf } from "./dates";
import {
  seasonalActivityFactor,
  settleSubscriptionsAsOf,
  writeSeasonalBilling,
  writeSteadyBilling,
  type SyntheticMechanism,
} from "./synthetic-mechanisms";

export interface SyntheticFixtureOptions {
  members: number;
  /** Approximate number of activity events (default 60 per member). */
  events?: number;
  weeks?: number;
  seed?: number;
  /** Last day of data (YYYY-MM-DD); default 2026-03-15. */
  asOf?: string;
  /**
   * How members come to pay and stop paying (see synthetic-mechanisms.ts): "ramp" (default) upgrades after a rise
   * and cancels after a fade; "steady" upgrades steadily busy members and cancels after failed payments or a long
   * plan; "seasonal" has term-time activity, upgrades of broad members at term start and cancellations at term end.
   */
  mechanism?: SyntheticMechanism;
  log?: (line: string) => void;
}

/** Writes members, orgs, affiliations, events, plans, subscriptions and changes. Expects empty tables. */
export async function writeSyntheticCommunity(
  db: Db,
  opts: SyntheticFixtureOptions,
): Promise<{ asOf: string; events: number }> {
  // One connection throughout: setseed and the temporary tables are per session.
  return db.$transaction((tx) => writeInTransaction(tx, opts), { timeout: 3_600_000, maxWait: 60_000 });
}

async function writeInTransaction(
  db: Tx,
  opts: SyntheticFixtureOptions,
): Promise<{ asOf: string; events: number }> {
  const log = opts.log ?? (() => {});
  const weeks = opts.weeks ?? 52;
  const asOf = opts.asOf ?? "2026-03-15";
  const first = addDays(mondayOf(asOf), -7 * (weeks - 1));
  const n = opts.members;
  const targetEvents = opts.events ?? n * 60;
  const orgs = Math.max(5, Math.round(n / 40));
  const run = (sql: string, ...params: unknown[]) => db.$executeRawUnsafe(sql, ...params);
  let t = performance.now();
  const step = async (label: string, sql: string, ...params: unknown[]) => {
    await run(sql, ...params);
    log(`  ${label}: ${Math.round(performance.now() - t)} ms`);
    t = performance.now();
  };

  await run(`select setseed($1::float8)`, ((opts.seed ?? 1) % 1000) / 1000);
  await run(
    `insert into plans (key, name, tier_rank, monthly_amount_cents) values ('free', 'Free', 0, 0), ('pro', 'Pro', 1, 2000) on conflict do nothing`,
  );
  await step(
    "organisations",
    `insert into organizations (name, slug, is_demo) select 'Org ' || g, 'syn-org-' || g, true from generate_series(1, $1::int) g`,
    orgs,
  );
  await step(
    "latent member traits",
    `create temp table syn_m on commit drop as
     select g as i, exp(random() * 2.2 - 1.1) as level, (random() * ($2::int - 8))::int as start_week,
            random() < 0.3 as dev,
            case when random() < 0.55 then 1 + (random() * ($3::int - 1))::int end as org,
            case when random() < 0.22 then 10 + (random() * ($2::int - 12))::int end as ramp_week,
            case when random() < 0.22 then 10 + (random() * ($2::int - 12))::int end as fade_week,
            random() as u1, random() as u2, random() as u3, 0 as mid
       from generate_series(1, $1::int) g`,
    n,
    weeks,
    orgs,
  );
  await step(
    "members",
    `insert into members (display_name, primary_email, joined_at, is_demo, updated_at)
     select 'Synthetic ' || i, 'syn' || i || '@example.org', ($1::date + start_week * 7)::timestamp at time zone 'UTC', true, now() from syn_m order by i`,
    first,
  );
  await run(
    `update syn_m s set mid = m.id from members m where m.primary_email = 'syn' || s.i || '@example.org'`,
  );
  await run(`create index on syn_m (i)`);
  await run(
    `insert into affiliations (member_id, org_id, starts_at, origin)
     select s.mid, o.id, ($1::date)::timestamp at time zone 'UTC', 'import' from syn_m s join organizations o on o.slug = 'syn-org-' || s.org`,
    first,
  );
  // Expected weekly events per member-week: ramping members triple, fading ones drop to a fifth.
  const mechanism = opts.mechanism ?? "ramp";
  // Ramps and fades drive billing only in the "ramp" community; elsewhere activity is steady (or seasonal).
  const rateSql =
    mechanism === "ramp"
      ? `s.level * (case when s.ramp_week is not null and w >= s.ramp_week then 3 else 1 end)
                            * (case when s.fade_week is not null and w >= s.fade_week then 0.2 else 1 end)`
      : mechanism === "seasonal"
        ? `s.level * ${seasonalActivityFactor(first)}`
        : `s.level`;
  const [{ total }] = await db.$queryRawUnsafe<{ total: number }[]>(
    `select coalesce(sum(${rateSql}), 0)::float8 as total from syn_m s cross join lateral generate_series(s.start_week, $1::int - 1) w`,
    weeks,
  );
  const scale = total > 0 ? targetEvents / total : 0;
  await step(
    "activity events",
    `insert into activity_events (member_id, source, external_id, type, occurred_at, channel, weight)
     select x.mid, x.source, x.source || '-' || x.mid || '-' || x.w || '-' || x.k, x.type, x.at, x.channel,
            case x.type when 'pr_merged' then 5 when 'pr_review' then 3 when 'accepted_answer' then 4 else 1 end
       from (
         select s.mid, w, k, ev.r,
                case when s.dev and ev.r < 0.6 then 'github' else 'slack' end as source,
                case when s.dev and ev.r < 0.12 then 'pr_merged' when s.dev and ev.r < 0.24 then 'pr_review'
                     when s.dev and ev.r < 0.6 then 'issue_comment' when ev.r < 0.05 then 'accepted_answer' else 'message' end as type,
                'ch' || (floor(ev.r2 * (2 + 4 * s.u3)))::int as channel,
                ($1::date + w * 7)::timestamp at time zone 'UTC' + ev.r3 * interval '7 days' as at
           from syn_m s
          cross join lateral generate_series(s.start_week, $2::int - 1) w
          cross join lateral generate_series(1, floor(${rateSql} * $3::float8 * (0.5 + random()) + random())::int) k
          cross join lateral (select random() as r, random() as r2, random() as r3 where k is not null) ev
       ) x
      where x.at < ($4::date + 1)::timestamp at time zone 'UTC'`,
    first,
    weeks,
    scale,
    asOf,
  );
  if (mechanism === "ramp") await writeSyntheticBilling(db, first, weeks, asOf);
  else if (mechanism === "steady") await writeSteadyBilling(db, first, weeks, asOf);
  else await writeSeasonalBilling(db, first, weeks, asOf);
  log(`  billing: ${Math.round(performance.now() - t)} ms`);
  const [{ events }] = await db.$queryRawUnsafe<{ events: number }[]>(
    `select count(*)::int as events from activity_events`,
  );
  return { asOf, events };
}

/**
 * Upgrades follow a ramp (2–5 weeks later), more likely for developers, busier members and members of orgs
 * with a paying culture (odd org numbers); cancellations follow a fade. A few changes happen for no visible reason.
 */
async function writeSyntheticBilling(db: Tx, first: string, weeks: number, asOf: string): Promise<void> {
  await db.$executeRawUnsafe(
    `create temp table syn_b on commit drop as
     select s.mid, s.start_week,
            case when s.u1 < 0.12 then s.start_week end as paid_from_start,
            case when s.ramp_week is not null and s.u2 < 0.05 + 0.3 * s.dev::int + 0.3 * (coalesce(s.org, 0) % 2) + 0.3 * least(s.level, 1) then s.ramp_week + 2 + (s.u3 * 3)::int
                 when s.u2 > 0.985 then s.start_week + (s.u3 * ($1::int - s.start_week))::int end as upgrade_week,
            s.fade_week, s.u3
       from syn_m s`,
    weeks,
  );
  // Members paying at the start, plus members who upgrade later: one subscription each.
  await db.$executeRawUnsafe(
    `insert into subscriptions (member_id, source, external_id, plan_key, tier_rank, status, started_at, updated_at)
     select b.mid, 'synthetic', 'sub-' || b.mid, 'pro', 1, 'active', ($1::date + coalesce(b.paid_from_start, b.upgrade_week) * 7 + 2)::timestamp at time zone 'UTC', now()
       from syn_b b where b.paid_from_start is not null or b.upgrade_week < $2::int`,
    first,
    weeks,
  );
  await db.$executeRawUnsafe(
    `insert into subscription_changes (subscription_id, member_id, source, external_id, kind, from_plan_key, to_plan_key, from_tier, to_tier, occurred_at)
     select sub.id, b.mid, 'synthetic', 'new-' || b.mid, 'new', 'free', 'pro', 0, 1, sub.started_at
       from syn_b b join subscriptions sub on sub.member_id = b.mid and sub.external_id = 'sub-' || b.mid`,
  );
  // Cancellations: fading payers usually cancel 2–5 weeks after the fade; a few payers cancel at random.
  await db.$executeRawUnsafe(
    `insert into subscription_changes (subscription_id, member_id, source, external_id, kind, from_plan_key, to_plan_key, from_tier, to_tier, occurred_at)
     select sub.id, b.mid, 'synthetic', 'cancel-' || b.mid, 'cancel', 'pro', 'free', 1, 0, x.at
       from syn_b b
       join subscriptions sub on sub.external_id = 'sub-' || b.mid
      cross join lateral (
        select ($1::date + (case when b.fade_week is not null and b.u3 < 0.7 then b.fade_week + 2 + (b.u3 * 4)::int
                                 when b.u3 > 0.97 then coalesce(b.paid_from_start, b.upgrade_week) + 6 + ((b.u3 - 0.97) * 1000)::int end) * 7 + 3)::timestamp at time zone 'UTC' as at
      ) x
      where x.at is not null and x.at > sub.started_at and x.at < ($2::date + 1)::timestamp at time zone 'UTC'`,
    first,
    asOf,
  );
  await settleSubscriptionsAsOf(db, asOf);
}
