// What PostgreSQL spends per imported event in each form of the events insert: one json_to_recordset statement per
// 10,000-event batch (the form before round 8, still used by the API ingest and connectors) against COPY into the
// transaction's staging table and one INSERT … SELECT (event-copy.ts, the file importers). A throwaway cluster,
// 10,000 members, Slack-shaped events (skewed members, timestamps out of order, six small properties), one transaction
// per variant, rolled back and vacuumed between; backend CPU from /proc. `npm run bench:event-insert [-- --rows N --rounds R]`
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import pg from "pg";
import type { EventRecord } from "@/lib/ingest/types";
import { copyEvents, eventsCopyText } from "@/lib/ingest/persist/event-copy";
import { eventsJson } from "@/lib/ingest/persist/records";
import { withBenchDatabase } from "./bench-database";

const { values } = parseArgs({
  options: { rows: { type: "string", default: "200000" }, rounds: { type: "string", default: "2" } },
});
const ROWS = Number(values.rows);
const BATCH = 10_000;
const MEMBERS = 10_000;

const backendCpu = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
const START = Date.parse("2024-01-01T00:00:00Z");
const memberOf = (i: number) =>
  1 + Math.floor(MEMBERS * Math.pow(((i * 2654435761) % 4294967296) / 4294967296, 2));

function batch(from: number): { events: EventRecord[]; actors: { memberId: number; identityId: number }[] } {
  const events: EventRecord[] = [];
  const actors = [];
  for (let i = from; i < Math.min(from + BATCH, ROWS); i++) {
    events.push({
      kind: "event",
      source: "slack",
      externalId: `C${i % 40}:${1_700_000_000 + ((i * 7919) % ROWS)}.${String(i).padStart(6, "0")}`,
      actor: { source: "slack", externalId: `U${memberOf(i)}` },
      type: i % 5 ? "message" : "thread_reply",
      occurredAt: new Date(START + ((i * 104_729) % ROWS) * 60_000),
      channel: `channel-${i % 40}`,
      properties: {
        threadTs: null,
        parentUserId: null,
        replyCount: 0,
        textLength: i % 300,
        files: 0,
        subtype: null,
      },
    });
    actors.push({ memberId: memberOf(i), identityId: memberOf(i) });
  }
  return { events, actors };
}

const JSON_INSERT = `insert into activity_events (member_id, identity_id, source, external_id, type, occurred_at, channel, weight, properties)
  select u.m, u.i, u.s, u.e, u.t, u.o, u.c, coalesce(u.w, t.weight, 1), u.p
    from json_to_recordset($1::json) as u(m int, i int, s text, e text, t text, o timestamptz, c text, w real, p jsonb)
    left join activity_types t on t.type = u.t
  on conflict (source, external_id) do nothing`;

await withBenchDatabase("event-insert", async ({ url }) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`insert into members (id, display_name, updated_at)
    select g, 'member ' || g, now() from generate_series(1, ${MEMBERS}) g`);
  await client.query(`insert into identities (id, member_id, source, external_id)
    select g, g, 'slack', 'U' || g from generate_series(1, ${MEMBERS}) g`);
  const pid = (await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0].pid;
  const variants: Record<string, () => Promise<void>> = {
    "json_to_recordset insert": async () => {
      for (let from = 0; from < ROWS; from += BATCH) {
        const { events, actors } = batch(from);
        await client.query(JSON_INSERT, [eventsJson(events, actors)]);
      }
    },
    "COPY to staging + INSERT … SELECT": async () => {
      await client.query(`create temporary table event_stage (
        m int, i int, s text, e text, t text, o timestamptz, c text, w real, p jsonb) on commit drop`);
      for (let from = 0; from < ROWS; from += BATCH) {
        const { events, actors } = batch(from);
        await copyEvents(client as pg.PoolClient, eventsCopyText(events, actors));
      }
    },
  };
  console.log(`| variant | µs PostgreSQL CPU per event | wall (s) | events |\n|---|---:|---:|---:|`);
  for (let round = 0; round < Number(values.rounds); round++)
    for (const [name, run] of Object.entries(variants)) {
      await client.query("begin");
      const cpuBefore = backendCpu(pid);
      const started = performance.now();
      await run();
      const cpu = backendCpu(pid) - cpuBefore;
      const wall = (performance.now() - started) / 1000;
      const { n } = (await client.query<{ n: number }>("select count(*)::int as n from activity_events"))
        .rows[0];
      await client.query("rollback");
      await client.query("vacuum activity_events");
      console.log(
        `| ${name} | ${((cpu / ROWS) * 1e6).toFixed(1)} | ${wall.toFixed(2)} | ${n.toLocaleString()} |`,
      );
    }
  await client.end();
});
