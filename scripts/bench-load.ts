// Load benchmark against `next start` on loopback: (1) the ingest API with 100-event batches,
// checking every event is stored exactly once; (2) 20 concurrent admins browsing ranked lists and
// member pages, reporting the 95th-percentile response time. Bounded in time; stops by itself.
// Usage: npm run bench:load -- [--members=100000] [--events=10000000] [--ingest-seconds=60] [--browse-seconds=30] [--dir=/path/to/keep]
//        npm run bench:load -- --quick   (small data, a few seconds each: the CI variant, which asserts)
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { hashPassword } from "@/lib/auth/password";
import { hashToken, newTokenValue } from "@/lib/auth/token-hash";
import { generateBenchData } from "./bench-data";

const args = Object.fromEntries(process.argv.slice(2).map((a) => a.replace(/^--/, "").split("=")).map(([k, v]) => [k, v ?? "true"]));
const QUICK = args.quick === "true";
const MEMBERS = Number(args.members ?? (QUICK ? 3_000 : 100_000));
const EVENTS = Number(args.events ?? (QUICK ? 150_000 : 10_000_000));
const INGEST_SECONDS = Number(args["ingest-seconds"] ?? (QUICK ? 5 : 60));
const BROWSE_SECONDS = Number(args["browse-seconds"] ?? (QUICK ? 5 : 30));
const BATCH = 100;
const PASSWORD = "bench-load-password";

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function waitForHealth(base: string, timeoutMs = 120_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("the web server did not become healthy");
}

/** Signs in through next-auth's credentials endpoint, as the login page does; returns the cookie header. */
async function signIn(base: string, email: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password: PASSWORD, json: "true" }),
  });
  const session = response.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.includes("session-token"));
  if (!session) throw new Error(`sign-in failed (${response.status})`);
  return [...jar, session].join("; ");
}

function run(opts: autocannon.Options, onResponse?: (ms: number, status: number) => void): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (error, result) => (error ? reject(error) : resolve(result)));
    if (onResponse) instance.on("response", (_client, status, _bytes, ms) => onResponse(ms, status));
  });
}

async function main() {
  const keep = typeof args.dir === "string" && args.dir !== "true";
  const dir = keep ? path.resolve(args.dir) : await mkdtemp(path.join(os.tmpdir(), "groundswell-load-"));
  const cluster = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: await freePort(), database: keep ? "bench" : "load" });
  let web: ReturnType<typeof spawn> | undefined;
  const failures: string[] = [];
  try {
    await applyMigrations(cluster.url);
    process.env.DATABASE_URL = cluster.url;
    const probe = new pg.Client({ connectionString: cluster.url });
    await probe.connect();
    const existing = Number((await probe.query<{ n: string }>("select count(*) as n from members")).rows[0].n);
    await probe.query("delete from activity_events where source = 'load'; delete from admin_users where email = 'load@bench.test'");
    await probe.end();
    if (existing > 0) console.log(`Reusing ${existing.toLocaleString()} members in ${dir}`);
    else {
      console.log(`Data: ${MEMBERS.toLocaleString()} members, ${EVENTS.toLocaleString()} events`);
      await generateBenchData(cluster.url, { members: MEMBERS, events: EVENTS, log: (l) => console.log(`  ${l}`) });
    }
    const { recomputeAll } = await import("@/lib/services/pipeline");
    await recomputeAll({ log: (l) => console.log(`  ${l}`) });

    const token = newTokenValue();
    const sql = new pg.Client({ connectionString: cluster.url });
    await sql.connect();
    const admin = await sql.query<{ id: number }>(`insert into admin_users (email, password_hash, role) values ('load@bench.test', $1, 'admin') returning id`, [await hashPassword(PASSWORD)]);
    await sql.query(`insert into api_tokens (name, token_hash, prefix, scopes, created_by_id) values ('load', $1, $2, '{events:write}', $3)`, [hashToken(token), token.slice(0, 10), admin.rows[0].id]);
    const memberIds = (await sql.query<{ id: number }>(`select id from members order by random() limit 200`)).rows.map((r) => r.id);

    const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
    if (!existsSync(".next/BUILD_ID")) spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit" });
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    web = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NODE_ENV: "production", DATABASE_URL: cluster.url, NEXTAUTH_SECRET: "load-benchmark-secret-0123456789", NEXTAUTH_URL: base, NEXT_TELEMETRY_DISABLED: "1" },
    });
    await waitForHealth(base);

    // 1. Ingest: unique events in every request; afterwards every accepted event is stored once.
    let sent = 0;
    const ingestLatencies: number[] = [];
    const ingest = await run(
      {
        url: `${base}/api/v1/events`,
        connections: QUICK ? 10 : 32,
        duration: INGEST_SECONDS,
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        requests: [
          {
            setupRequest: (req) => {
              const n = sent++;
              const at = new Date(Date.UTC(2026, 0, 1) + (n % 10_000) * 60_000).toISOString();
              const events = Array.from({ length: BATCH }, (_, i) => ({ source: "load", external_id: `r${n}-${i}`, actor_source: "load", actor_external_id: `a${(n * BATCH + i) % 5000}`, type: "message", occurred_at: at }));
              return { ...req, body: JSON.stringify({ events }) };
            },
          },
        ],
      },
      (ms) => ingestLatencies.push(ms),
    );
    const [{ stored, distinct }] = (await sql.query<{ stored: string; distinct: string }>(`select count(*) stored, count(distinct external_id) "distinct" from activity_events where source = 'load'`)).rows;
    const ok = ingest["2xx"];
    const ingestRps = ok / INGEST_SECONDS;
    console.log(`\nIngest API: ${ok} requests OK (${ingest.non2xx} not), ${ingestRps.toFixed(0)} req/s = ${(ingestRps * BATCH).toFixed(0)} events/s; p50 ${percentile(ingestLatencies.sort((a, b) => a - b), 50).toFixed(0)} ms, p95 ${percentile(ingestLatencies, 95).toFixed(0)} ms`);
    // Requests still in flight when the clock stops are sent but not counted by autocannon: every
    // acknowledged batch must be stored, nothing twice, nothing that was never sent.
    console.log(`  stored ${stored} events (${distinct} distinct); acknowledged ${ok * BATCH}, sent at most ${sent * BATCH}`);
    const storedOnce = Number(distinct) === Number(stored) && Number(stored) % BATCH === 0;
    if (!storedOnce || Number(stored) < ok * BATCH || Number(stored) > sent * BATCH) failures.push("ingest: events not stored exactly once");
    if (ingest.non2xx > 0) failures.push(`ingest: ${ingest.non2xx} requests failed`);

    // 2. Browsing: 20 admins over ranked lists, member directory and member pages.
    const cookie = await signIn(base, "load@bench.test");
    const paths = ["/candidates", "/at-risk", "/candidates?sort=-score&page=2", "/members", "/members?q=a", ...memberIds.slice(0, 50).map((id) => `/members/${id}`)];
    let i = 0;
    const browseLatencies: number[] = [];
    const browse = await run(
      {
        url: base,
        connections: 20,
        duration: BROWSE_SECONDS,
        headers: { cookie },
        requests: [{ setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length] }) }],
      },
      (ms) => browseLatencies.push(ms),
    );
    browseLatencies.sort((a, b) => a - b);
    const p95 = percentile(browseLatencies, 95);
    console.log(`\nBrowsing (20 admins): ${browse["2xx"]} pages OK (${browse.non2xx} not), ${(browse["2xx"] / BROWSE_SECONDS).toFixed(0)} pages/s; p50 ${percentile(browseLatencies, 50).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${browseLatencies.at(-1)?.toFixed(0)} ms`);
    if (browse.non2xx > 0) failures.push(`browse: ${browse.non2xx} pages failed`);
    await sql.end();
  } finally {
    web?.kill("SIGTERM");
    await cluster.stop();
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
  if (failures.length) {
    console.error(`\nFAILED: ${failures.join("; ")}`);
    process.exit(1);
  }
  console.log("\nload checks passed");
}

await main();
