// What each foreign key and index of `payments` and `subscription_changes` costs PostgreSQL per inserted row: a
// throwaway cluster, 5,000 members and subscriptions, then 100,000 rows per table inserted as the importers do
// (10,000-row `json_to_recordset` statements, payments through `pg_temp.insert_payments`, one transaction), once per
// schema variant (its DDL inside the transaction, rolled back and vacuumed after). Reports the backend's CPU seconds
// (/proc) and wall per variant. `npm run bench:import-costs [-- --rows N --rounds R --only TEXT]`. The schema as it is
// is also measured in other forms: COPY FROM STDIN into a temporary staging table and one INSERT … SELECT per batch;
// for payments, round 7's insert (ON CONFLICT on every row) and a re-import of rows all stored already.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { INSERT_PAYMENTS_FUNCTION } from "@/lib/ingest/persist/billing";
import { withBenchDatabase } from "./bench-database";

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "100000" },
    rounds: { type: "string", default: "2" },
    /** Only the variants whose name contains this (e.g. "as now": both forms of the schema as it is). */
    only: { type: "string" },
  },
});
const ROWS = Number(values.rows);
const ROUNDS = Number(values.rounds);
const BATCH = 10_000;
const MEMBERS = 5_000;

/** CPU seconds (user + system) of one backend process. */
function backendCpu(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const START = Date.parse("2024-06-01T00:00:00Z");
/** Newest first, as an Open Collective export is; members skewed as the import benchmark's are. */
const memberOf = (i: number) =>
  1 + Math.floor(MEMBERS * Math.pow(((i * 2654435761) % 4294967296) / 4294967296, 2));
const at = (i: number) => new Date(START + (ROWS - i) * 60_000).toISOString();

function paymentBatch(from: number): string {
  const rows = [];
  for (let i = from; i < Math.min(from + BATCH, ROWS); i++)
    rows.push({
      m: memberOf(i),
      s: "opencollective",
      e: `oc:backer-${memberOf(i)}:${at(i)}:${500 + (i % 7) * 100}`,
      a: 500 + (i % 7) * 100,
      c: "usd",
      st: "paid",
      k: i % 3 ? "recurring" : "donation",
      sub: i % 3 ? `oc:backer-${memberOf(i)}:month` : null,
      o: at(i),
    });
  return JSON.stringify(rows);
}

function changeBatch(from: number): string {
  const rows = [];
  for (let i = from; i < Math.min(from + BATCH, ROWS); i++)
    rows.push({
      n: i,
      sub: memberOf(i),
      m: memberOf(i),
      s: "opencollective",
      e: `oc:backer-${memberOf(i)}:month:upgrade:${at(i)}`,
      k: "upgrade",
      fp: "oc:month:500",
      tp: "oc:month:600",
      ft: 1,
      tt: 2,
      mb: 500,
      ma: 600,
      c: "USD",
      o: at(i),
    });
  return JSON.stringify(rows);
}

const INSERT = {
  // As the importers write them: a plain insert, the batch again with ON CONFLICT only when a row is stored.
  payments: "select pg_temp.insert_payments($1::json)",
  subscription_changes: `insert into subscription_changes (subscription_id, member_id, source, external_id, kind, from_plan_key, to_plan_key,
                                      from_tier, to_tier, mrr_before_cents, mrr_after_cents, currency, occurred_at)
    select u.sub, u.m, u.s, u.e, u.k::"ChangeKind", u.fp, u.tp, u.ft, u.tt, u.mb, u.ma, u.c, u.o
      from json_to_recordset($1::json)
        as u(n int, sub int, m int, s text, e text, k text, fp text, tp text, ft int, tt int, mb int, ma int, c text, o timestamptz)
     order by u.n`,
};

/** Round 7's form: ON CONFLICT's speculative insertion on every row. */
const PAYMENTS_ON_CONFLICT = `insert into payments (member_id, source, external_id, amount_cents, currency, status, kind, subscription_external_id, occurred_at)
    select u.m, u.s, u.e, u.a, u.c, u.st, u.k, u.sub, u.o
      from json_to_recordset($1::json) as u(m int, s text, e text, a int, c text, st text, k text, sub text, o timestamptz)
    on conflict (source, external_id) do nothing`;

/** The same rows as COPY text (tab-separated, `\\N` for null), in the JSON payload's field order. */
function copyText(json: string): string {
  const field = (v: unknown) =>
    v == null
      ? "\\N"
      : String(v).replace(
          /[\\\t\n\r]/g,
          (c) => ({ "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r" })[c]!,
        );
  return (JSON.parse(json) as Record<string, unknown>[])
    .map((r) => `${Object.values(r).map(field).join("\t")}\n`)
    .join("");
}

/** The other form: COPY FROM STDIN into a temporary staging table, then one INSERT … SELECT from it per batch. */
const STAGED = {
  payments: {
    stage:
      "create temp table if not exists stage_payments (m int, s text, e text, a int, c text, st text, k text, sub text, o timestamptz) on commit drop",
    copy: "copy stage_payments from stdin",
    insert: `insert into payments (member_id, source, external_id, amount_cents, currency, status, kind, subscription_external_id, occurred_at)
      select u.m, u.s, u.e, u.a, u.c, u.st, u.k, u.sub, u.o from stage_payments u
      on conflict (source, external_id) do nothing`,
    clear: "truncate stage_payments",
  },
  subscription_changes: {
    stage: `create temp table if not exists stage_changes (n int, sub int, m int, s text, e text, k text, fp text, tp text, ft int, tt int,
      mb int, ma int, c text, o timestamptz) on commit drop`,
    copy: "copy stage_changes from stdin",
    insert: `insert into subscription_changes (subscription_id, member_id, source, external_id, kind, from_plan_key, to_plan_key,
                                      from_tier, to_tier, mrr_before_cents, mrr_after_cents, currency, occurred_at)
      select u.sub, u.m, u.s, u.e, u.k::"ChangeKind", u.fp, u.tp, u.ft, u.tt, u.mb, u.ma, u.c, u.o from stage_changes u order by u.n`,
    clear: "truncate stage_changes",
  },
};

async function copyIn(client: pg.Client, statement: string, text: string): Promise<void> {
  const stream = client.query(copyFrom(statement));
  await new Promise<void>((resolve, reject) => {
    stream.on("finish", resolve);
    stream.on("error", reject);
    stream.end(text);
  });
}

const VARIANTS: Record<keyof typeof INSERT, Record<string, string[]>> = {
  payments: {
    "as now (2 foreign keys, 4 indexes)": [],
    "without the member foreign key": ["alter table payments drop constraint payments_member_id_fkey"],
    "without the organisation foreign key": ["alter table payments drop constraint payments_org_id_fkey"],
    "without both foreign keys": [
      "alter table payments drop constraint payments_member_id_fkey",
      "alter table payments drop constraint payments_org_id_fkey",
    ],
    "without (member_id, occurred_at)": ["drop index payments_member_id_occurred_at_idx"],
    "without (org_id, occurred_at)": ["drop index payments_org_id_occurred_at_idx"],
    "primary key and (source, external_id) only": [
      "alter table payments drop constraint payments_member_id_fkey",
      "alter table payments drop constraint payments_org_id_fkey",
      "drop index payments_member_id_occurred_at_idx",
      "drop index payments_org_id_occurred_at_idx",
    ],
  },
  subscription_changes: {
    "as now (2 foreign keys, 5 indexes)": [],
    "without the member foreign key": [
      "alter table subscription_changes drop constraint subscription_changes_member_id_fkey",
    ],
    "without the subscription foreign key": [
      "alter table subscription_changes drop constraint subscription_changes_subscription_id_fkey",
    ],
    "without both foreign keys": [
      "alter table subscription_changes drop constraint subscription_changes_member_id_fkey",
      "alter table subscription_changes drop constraint subscription_changes_subscription_id_fkey",
    ],
    "without (occurred_at)": ["drop index subscription_changes_occurred_at_idx"],
    "without (subscription_id)": ["drop index subscription_changes_subscription_id_idx"],
    "without (member_id, occurred_at)": ["drop index subscription_changes_member_id_occurred_at_idx"],
  },
};

await withBenchDatabase("costs", async ({ url }) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const {
    rows: [{ pid }],
  } = await client.query<{ pid: number }>("select pg_backend_pid() as pid");
  await client.query(
    `insert into members (id, display_name, updated_at) select g, 'm' || g, now() from generate_series(1, ${MEMBERS}) g`,
  );
  await client.query(
    `insert into subscriptions (id, member_id, source, external_id, status, started_at, updated_at)
     select g, g, 'opencollective', 'oc:backer-' || g || ':month', 'active', now(), now() from generate_series(1, ${MEMBERS}) g`,
  );
  await client.query(INSERT_PAYMENTS_FUNCTION.text);
  await client.query("vacuum analyze");
  const batches = { payments: [] as string[], subscription_changes: [] as string[] };
  for (let i = 0; i < ROWS; i += BATCH) {
    batches.payments.push(paymentBatch(i));
    batches.subscription_changes.push(changeBatch(i));
  }
  const copies = {
    payments: batches.payments.map(copyText),
    subscription_changes: batches.subscription_changes.map(copyText),
  };
  const results = new Map<string, { cpu: number[]; wall: number[] }>();
  for (let round = 0; round < ROUNDS; round++)
    for (const table of Object.keys(INSERT) as (keyof typeof INSERT)[])
      for (const [variant, ddl] of [
        ...Object.entries(VARIANTS[table]),
        ...Object.entries(VARIANTS[table])
          .slice(0, 1)
          .map(([v, d]) => [`${v}, COPY into a staging table + INSERT … SELECT`, d] as const),
        ...(table === "payments"
          ? ([
              [`${Object.keys(VARIANTS[table])[0]}, ON CONFLICT on every row (round 7's insert)`, []],
              [`${Object.keys(VARIANTS[table])[0]}, a re-import (every row stored already)`, []],
            ] as const)
          : []),
      ].filter(([v]) => !values.only || v.includes(values.only))) {
        const staged = variant.includes("COPY");
        await client.query("begin");
        for (const statement of ddl) await client.query(statement);
        if (staged) await client.query(STAGED[table].stage);
        if (variant.includes("a re-import"))
          for (const batch of batches[table]) await client.query(INSERT[table], [batch]);
        const cpu = backendCpu(pid);
        const started = performance.now();
        if (staged)
          for (const text of copies[table]) {
            await copyIn(client, STAGED[table].copy, text);
            await client.query(STAGED[table].insert);
            await client.query(STAGED[table].clear);
          }
        else if (variant.endsWith("(round 7's insert)"))
          for (const batch of batches[table]) await client.query(PAYMENTS_ON_CONFLICT, [batch]);
        else for (const batch of batches[table]) await client.query(INSERT[table], [batch]);
        const wall = (performance.now() - started) / 1000;
        const used = backendCpu(pid) - cpu;
        await client.query("rollback");
        await client.query(`vacuum ${table}`);
        const key = `${table}: ${variant}`;
        const r = results.get(key) ?? { cpu: [], wall: [] };
        r.cpu.push(used);
        r.wall.push(wall);
        results.set(key, r);
        console.log(`${key}: ${used.toFixed(2)} s CPU, ${wall.toFixed(2)} s wall`);
      }
  console.log(`\n| table: schema | µs CPU per row (runs) | wall s |\n|---|---:|---:|`);
  for (const [key, r] of results)
    console.log(
      `| ${key} | ${r.cpu.map((c) => ((c / ROWS) * 1e6).toFixed(1)).join(", ")} | ${r.wall.map((w) => w.toFixed(2)).join(", ")} |`,
    );
  await client.end();
});
