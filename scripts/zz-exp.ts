import { mkdtemp } from "node:fs/promises"; import os from "node:os"; import path from "node:path";
import pg from "pg";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { createPrisma } from "@/lib/db/prisma";
const dir = await mkdtemp(path.join(os.tmpdir(), "gs-exp-"));
const c = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: await freePort(), database: "x" });
await applyMigrations(c.url);
const prisma = createPrisma(c.url);
await prisma.$executeRawUnsafe(`insert into members (id, display_name, updated_at) values (1, 'a', now())`);
const N = 10000; let off = 0;
const mk = () => { const rows = Array.from({ length: N }, (_, i) => ({ m: 1, s: "bench", e: `ev-${off + i}`, t: "message", o: new Date(1717200000000 + (off + i) * 1000), ch: `c${i % 40}`, w: null, p: JSON.stringify({ n: i % 97 }) })); off += N; return rows; };
const unnestSql = `insert into activity_events (member_id, identity_id, source, external_id, type, occurred_at, channel, weight, properties)
 select u.member_id, null, u.source, u.external_id, u.type, u.occurred_at, u.channel, coalesce(u.weight, t.weight, 1), u.properties::jsonb
 from unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[], $7::real[], $8::text[]) as u(member_id, source, external_id, type, occurred_at, channel, weight, properties)
 left join activity_types t on t.type = u.type on conflict (source, external_id) do nothing`;
const params = (r: ReturnType<typeof mk>) => [r.map((x) => x.m), r.map((x) => x.s), r.map((x) => x.e), r.map((x) => x.t), r.map((x) => x.o), r.map((x) => x.ch), r.map((x) => x.w), r.map((x) => x.p)];
for (let k = 0; k < 3; k++) { const r = mk(); const t = performance.now(); await prisma.$executeRawUnsafe(unnestSql, ...params(r)); console.log("prisma unnest", (performance.now() - t).toFixed(0)); }
const jsonSql = `insert into activity_events (member_id, identity_id, source, external_id, type, occurred_at, channel, weight, properties)
 select u.m, null, u.s, u.e, u.t, u.o, u.ch, coalesce(u.w, t.weight, 1), u.p from jsonb_to_recordset($1::jsonb) as u(m int, s text, e text, t text, o timestamptz, ch text, w real, p jsonb)
 left join activity_types t on t.type = u.t on conflict (source, external_id) do nothing`;
for (let k = 0; k < 3; k++) { const r = mk().map((x) => ({ ...x, p: JSON.parse(x.p) })); const t = performance.now(); await prisma.$executeRawUnsafe(jsonSql, JSON.stringify(r)); console.log("prisma json", (performance.now() - t).toFixed(0)); }
const client = new pg.Client(c.url); await client.connect();
await client.query("alter table activity_events drop constraint activity_events_member_id_fkey, drop constraint activity_events_identity_id_fkey");
console.log("-- without FKs");
for (let k = 0; k < 3; k++) { const r = mk(); const t = performance.now(); await client.query(unnestSql, params(r)); console.log("pg unnest", (performance.now() - t).toFixed(0)); }
for (let k = 0; k < 3; k++) { const r = mk().map((x) => ({ ...x, p: JSON.parse(x.p) })); const t = performance.now(); await client.query(jsonSql, [JSON.stringify(r)]); console.log("pg json", (performance.now() - t).toFixed(0)); }
await client.end(); await prisma.$disconnect(); await c.stop();
