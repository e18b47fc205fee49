// A second, differently shaped community generated directly in SQL (generate_series): two tiers, orgs with
// a paying culture, developers who contribute, members who ramp up or fade. For tests and the benchmark.
import "server-only";
import type { Db } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";

type Tx = Prisma.TransactionClient;
import { addDays, mondayOf } from "./dates";
import {
  seasonalActivityFactor,
  subscriptionsFrom,
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
  const run = (sql: Prisma.Sql) => db.$executeRaw(sql);
  let t = performance.now();
  const step = async (label: string, sql: Prisma.Sql) => {
    await run(sql);
    log(`  ${label}: ${Math.round(performance.now() - t)} ms`);
    t = performance.now();
  };

  await run(Prisma.sql`select setseed(${((opts.seed ?? 1) % 1000) / 1000}::float8)`);
  await run(
    Prisma.sql`insert into plans (key, name, tier_rank, monthly_amount_cents) values ('free', 'Free', 0, 0), ('pro', 'Pro', 1, 2000) on conflict do nothing`,
  );
  await step(
    "organisations",
    Prisma.sql`insert into organizations (name, slug, is_demo) select 'Org ' || g, 'syn-org-' || g, true from generate_series(1, ${orgs}::int) g`,
  );
  await step(
    "latent member traits",
    Prisma.sql`create temp table syn_m on commit drop as
     select g as i, exp(random() * 2.2 - 1.1) as level, (random() * (${weeks}::int - 8))::int as start_week,
            random() < 0.3 as dev,
            case when random() < 0.55 then 1 + (random() * (${orgs}::int - 1))::int end as org,
            case when random() < 0.22 then 10 + (random() * (${weeks}::int - 12))::int end as ramp_week,
            case when random() < 0.22 then 10 + (random() * (${weeks}::int - 12))::int end as fade_week,
            random() as u1, random() as u2, random() as u3, 0 as mid
       from generate_series(1, ${n}::int) g`,
  );
  await step(
    "members",
    Prisma.sql`insert into members (display_name, primary_email, joined_at, is_demo, updated_at)
     select 'Synthetic ' || i, 'syn' || i || '@example.org', (${first}::date + start_week * 7)::timestamp at time zone 'UTC', true, now() from syn_m order by i`,
  );
  await run(
    Prisma.sql`update syn_m s set mid = m.id from members m where m.primary_email = 'syn' || s.i || '@example.org'`,
  );
  await run(Prisma.sql`create index on syn_m (i)`);
  await run(
    Prisma.sql`insert into affiliations (member_id, org_id, starts_at, origin)
     select s.mid, o.id, (${first}::date)::timestamp at time zone 'UTC', 'import' from syn_m s join organizations o on o.slug = 'syn-org-' || s.org`,
  );
  // Expected weekly events per member-week: ramping members triple, fading ones drop to a fifth.
  const mechanism = opts.mechanism ?? "ramp";
  // Ramps and fades drive billing only in the "ramp" community; elsewhere activity is steady (or seasonal).
  const rateSql =
    mechanism === "ramp"
      ? Prisma.sql`s.level * (case when s.ramp_week is not null and w >= s.ramp_week then 3 else 1 end)
                            * (case when s.fade_week is not null and w >= s.fade_week then 0.2 else 1 end)`
      : mechanism === "seasonal"
        ? Prisma.sql`s.level * ${seasonalActivityFactor(first)}`
        : Prisma.sql`s.level`;
  const [{ total }] = await db.$queryRaw<{ total: number }[]>`
    select coalesce(sum(${rateSql}), 0)::float8 as total from syn_m s cross join lateral generate_series(s.start_week, ${weeks}::int - 1) w`;
  const scale = total > 0 ? targetEvents / total : 0;
  await step(
    "activity events",
    Prisma.sql`insert into activity_events (member_id, source, external_id, type, occurred_at, channel, weight)
     select x.mid, x.source, x.source || '-' || x.mid || '-' || x.w || '-' || x.k, x.type, x.at, x.channel,
            case x.type when 'pr_merged' then 5 when 'pr_review' then 3 when 'accepted_answer' then 4 else 1 end
       from (
         select s.mid, w, k, ev.r,
                case when s.dev and ev.r < 0.6 then 'github' else 'slack' end as source,
                case when s.dev and ev.r < 0.12 then 'pr_merged' when s.dev and ev.r < 0.24 then 'pr_review'
                     when s.dev and ev.r < 0.6 then 'issue_comment' when ev.r < 0.05 then 'accepted_answer' else 'message' end as type,
                'ch' || (floor(ev.r2 * (2 + 4 * s.u3)))::int as channel,
                (${first}::date + w * 7)::timestamp at time zone 'UTC' + ev.r3 * interval '7 days' as at
           from syn_m s
          cross join lateral generate_series(s.start_week, ${weeks}::int - 1) w
          cross join lateral generate_series(1, floor(${rateSql} * ${scale}::float8 * (0.5 + random()) + random())::int) k
          cross join lateral (select random() as r, random() as r2, random() as r3 where k is not null) ev
       ) x
      where x.at < (${asOf}::date + 1)::timestamp at time zone 'UTC'`,
  );
  if (mechanism === "ramp") await writeSyntheticBilling(db, first, weeks, asOf);
  else if (mechanism === "steady") await writeSteadyBilling(db, first, weeks, asOf);
  else await writeSeasonalBilling(db, first, weeks, asOf);
  log(`  billing: ${Math.round(performance.now() - t)} ms`);
  const [{ events }] = await db.$queryRaw<
    { events: number }[]
  >`select count(*)::int as events from activity_events`;
  return { asOf, events };
}

/**
 * Upgrades follow a ramp (2–5 weeks later), more likely for developers, busier members and members of orgs
 * with a paying culture (odd org numbers); cancellations follow a fade. A few changes happen for no visible reason.
 */
async function writeSyntheticBilling(db: Tx, first: string, weeks: number, asOf: string): Promise<void> {
  await db.$executeRaw`create temp table syn_b on commit drop as
     select s.mid, s.start_week,
            case when s.u1 < 0.12 then s.start_week end as paid_from_start,
            case when s.ramp_week is not null and s.u2 < 0.05 + 0.3 * s.dev::int + 0.3 * (coalesce(s.org, 0) % 2) + 0.3 * least(s.level, 1) then s.ramp_week + 2 + (s.u3 * 3)::int
                 when s.u2 > 0.985 then s.start_week + (s.u3 * (${weeks}::int - s.start_week))::int end as upgrade_week,
            s.fade_week, s.u3
       from syn_m s`;
  // Members paying at the start or upgrading later (one subscription each); fading payers usually cancel 2–5
  // weeks after the fade, and a few payers cancel at random.
  const cancel = Prisma.sql`(${first}::date + (case when b.fade_week is not null and b.u3 < 0.7 then b.fade_week + 2 + (b.u3 * 4)::int
                                 when b.u3 > 0.97 then coalesce(b.paid_from_start, b.upgrade_week) + 6 + ((b.u3 - 0.97) * 1000)::int end) * 7 + 3)::timestamp at time zone 'UTC'`;
  await subscriptionsFrom(db, first, weeks, asOf, cancel);
}
