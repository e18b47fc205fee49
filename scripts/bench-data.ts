// Generates a large synthetic community straight in SQL (generate_series) for benchmarks:
// members, identities, organisations, activity events, subscriptions, changes, payments, scores.
// Usage: `await generateBenchData(url, { members: 100_000, events: 10_000_000 })` on an empty, migrated database.
import pg from "pg";

export interface BenchDataOptions {
  members: number;
  events: number;
  /** Months of history ending now. */
  months?: number;
  log?: (line: string) => void;
}

const SOURCES = ["slack", "github", "forum", "meetup"];
const TYPES: Record<string, string[]> = {
  slack: ["message", "thread_reply", "reaction"],
  github: ["pr_opened", "pr_merged", "pr_review", "issue_comment", "push"],
  forum: ["post", "reply", "accepted_answer"],
  meetup: ["rsvp", "attended", "meetup_hosted"],
};
const CONTRIBUTIONS = new Set(["pr_merged", "pr_review", "accepted_answer", "meetup_hosted", "pr_opened"]);

export async function generateBenchData(url: string, opts: BenchDataOptions): Promise<void> {
  const log = opts.log ?? (() => {});
  const months = opts.months ?? 18;
  const days = Math.round(months * 30.4);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t = Date.now();
    const r = await client.query(sql, params);
    log(`${label}: ${r.rowCount ?? 0} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  };
  try {
    await client.query(
      "set maintenance_work_mem = '1GB'; set work_mem = '256MB'; set synchronous_commit = off",
    );
    await client.query("select setseed(0.42)");
    await step(
      "plans",
      `insert into plans (key, name, tier_rank, monthly_amount_cents) values
      ('free','Free',0,0),('premium','Premium',1,1500),('premium_plus','Premium Plus',2,4900) on conflict do nothing`,
    );
    const typeRows = Object.values(TYPES).flat();
    await step(
      "activity types",
      `insert into activity_types (type, label, weight, is_contribution)
      select t, initcap(replace(t, '_', ' ')), case when c then 3 else 1 end, c from unnest($1::text[], $2::bool[]) as x(t, c) on conflict do nothing`,
      [typeRows, typeRows.map((t) => CONTRIBUTIONS.has(t))],
    );
    await step(
      "organizations",
      `insert into organizations (name, slug)
      select 'Org ' || g || ' ' || (array['Labs','Systems','Cloud','Data','Works'])[1 + g % 5], 'org-' || g from generate_series(1, greatest(10, $1::int / 50)) g`,
      [opts.members],
    );
    await step(
      "members",
      `insert into members (display_name, primary_email, joined_at, tags, is_staff, is_bot, created_at, updated_at)
      select (array['Ada','Grace','Linus','Margaret','Alan','Barbara','Ken','Dennis','Edsger','Frances'])[1 + g % 10] || ' ' ||
             (array['Lovelace','Hopper','Torvalds','Hamilton','Turing','Liskov','Thompson','Ritchie','Dijkstra','Allen'])[1 + (g / 10) % 10] || ' ' || g,
             'member' || g || '@example.com',
             now() - (random() * $2::int) * interval '1 day',
             case when g % 17 = 0 then array['speaker'] when g % 23 = 0 then array['partner', 'vip'] else '{}' end,
             g % 500 = 0, g % 5000 = 1, now(), now()
        from generate_series(1, $1::int) g`,
      [opts.members, days],
    );
    await step(
      "identities",
      `insert into identities (member_id, source, external_id, handle, email)
      select id, 'slack', 'U' || id, 'user_' || id, 'member' || id || '@example.com' from members
      union all select id, 'github', 'gh' || id, 'gh-user-' || id, null from members where id % 5 < 2
      union all select id, 'forum', 'f' || id, 'forum' || id, null from members where id % 7 = 0`,
    );
    await step(
      "affiliations",
      `insert into affiliations (member_id, org_id, starts_at, ends_at, origin)
      select m.id, 1 + m.id % (select count(*) from organizations), m.joined_at, null, 'email-domain' from members m where m.id % 5 < 3
      union all select m.id, 1 + (m.id * 7) % (select count(*) from organizations), m.joined_at - interval '400 days', m.joined_at, 'profile' from members m where m.id % 11 = 0`,
    );

    // Bulk load: build secondary indexes once after the insert instead of maintaining them row by row.
    const { rows: indexes } = await client.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where tablename = 'activity_events' and indexname not like '%_pkey'`,
    );
    for (const ix of indexes) await client.query(`drop index "${ix.indexname}"`);
    const sourcesLit = `array[${SOURCES.map((s) => `'${s}'`).join(",")}]`;
    const typeCase = SOURCES.map(
      (s, i) =>
        `when ${i + 1} then (array[${TYPES[s].map((t) => `'${t}'`).join(",")}])[1 + (x.g % ${TYPES[s].length})]`,
    ).join(" ");
    // Activity is skewed (a few very active members) and grows towards the present.
    await step(
      "activity events",
      `insert into activity_events (member_id, source, external_id, type, occurred_at, channel, weight, properties)
      select x.member_id, (${sourcesLit})[x.s], 'e' || x.g, case x.s ${typeCase} end,
             now() - (power(random(), 1.3) * $3::int) * interval '1 day',
             case when x.s = 1 then '#c' || (x.g % 40) else null end, 1,
             case when x.g % 10 = 0 then jsonb_build_object('title', 'item ' || x.g) else null end
        from (select g, 1 + floor($1::int * power(random(), 2.2))::int as member_id, 1 + floor(random() * random() * 4)::int as s
                from generate_series(1, $2::int) g) x`,
      [opts.members, opts.events, days],
    );
    for (const ix of indexes) {
      const t = Date.now();
      await client.query(ix.indexdef);
      log(`index ${ix.indexname}: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    await client.query("analyze activity_events");

    // Billing: ~12% of members subscribe; some upgrade, some cancel, some come back.
    await step(
      "subscriptions",
      `insert into subscriptions (member_id, source, external_id, plan_key, tier_rank, status, mrr_cents, started_at, canceled_at, updated_at)
      select id, 'stripe', 'sub_' || id, 'premium', 1, 'active', 1500, least(now() - interval '1 hour', joined_at + (random() * 60) * interval '1 day'), null, now()
        from members where id % 8 = 3`,
    );
    await step(
      "changes: new",
      `insert into subscription_changes (subscription_id, member_id, source, external_id, kind, from_plan_key, to_plan_key, from_tier, to_tier, mrr_before_cents, mrr_after_cents, occurred_at)
      select s.id, s.member_id, 'stripe', 'new_' || s.id, 'new', 'free', 'premium', 0, 1, 0, 1500, s.started_at from subscriptions s`,
    );
    await step(
      "changes: upgrade",
      `insert into subscription_changes (subscription_id, member_id, source, external_id, kind, from_plan_key, to_plan_key, from_tier, to_tier, mrr_before_cents, mrr_after_cents, occurred_at)
      select s.id, s.member_id, 'stripe', 'up_' || s.id, 'upgrade', 'premium', 'premium_plus', 1, 2, 1500, 4900, s.started_at + interval '40 days'
        from subscriptions s where s.member_id % 5 = 0 and s.started_at + interval '40 days' < now()`,
    );
    await step(
      "changes: cancel",
      `insert into subscription_changes (subscription_id, member_id, source, external_id, kind, from_plan_key, to_plan_key, from_tier, to_tier, mrr_before_cents, mrr_after_cents, occurred_at)
      select s.id, s.member_id, 'stripe', 'cancel_' || s.id, 'cancel', coalesce(u.to_plan_key, 'premium'), 'free', coalesce(u.to_tier, 1), 0, coalesce(u.mrr_after_cents, 1500), 0,
             s.started_at + (60 + (s.member_id % 300)) * interval '1 day'
        from subscriptions s left join subscription_changes u on u.subscription_id = s.id and u.kind = 'upgrade'
       where s.member_id % 3 = 0 and s.started_at + (60 + (s.member_id % 300)) * interval '1 day' < now()`,
    );
    await step(
      "payments",
      `insert into payments (member_id, source, external_id, amount_cents, currency, status, kind, occurred_at)
      select s.member_id, 'stripe', 'pay_' || s.id || '_' || k, 1500, 'usd', case when k = 2 and s.member_id % 4 = 0 then 'failed' else 'paid' end, 'subscription',
             s.started_at + (k * 30) * interval '1 day'
        from subscriptions s, generate_series(0, 2) k where s.started_at + (k * 30) * interval '1 day' < now()`,
    );
    await step(
      "member billing state",
      `update members m set current_tier = x.to_tier, current_mrr_cents = x.mrr_after_cents
      from (select distinct on (member_id) member_id, to_tier, mrr_after_cents from subscription_changes order by member_id, occurred_at desc) x
     where x.member_id = m.id`,
    );
    await step(
      "subscription status",
      `update subscriptions s set status = 'canceled', mrr_cents = 0, tier_rank = 0,
      canceled_at = c.occurred_at from subscription_changes c where c.subscription_id = s.id and c.kind = 'cancel'`,
    );
    await step(
      "score snapshots",
      `insert into score_snapshots (kind, as_of, member_id, score, raw_score, reasons, model_version)
      select k, current_date, id, 1.0 / (1 + r), 1.0 / (1 + r), '[{"feature":"activity","contribution":0.4}]'::jsonb, 'bench'
        from (select id, row_number() over (order by id) as r from members where current_tier = 0 limit 200) x, unnest(array['candidates']) k
      union all
      select 'at-risk', current_date, id, 1.0 / (1 + r), 1.0 / (1 + r), '[]'::jsonb, 'bench'
        from (select id, row_number() over (order by id) as r from members where current_tier > 0 limit 200) y`,
    );
    await client.query("analyze");
  } finally {
    await client.end();
  }
}
