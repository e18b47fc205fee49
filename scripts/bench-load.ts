// Load benchmark against `next start` on loopback: (1) 20 admins browsing ranked lists and member pages
// (people with think time, and a no-think-time stress run); (2) the ingest API with 100-event batches,
// then a wait for the queue to drain and a check that every event is stored exactly once. Stops by itself.
// Usage: npm run bench:load -- [--members=100000] [--events=10000000] [--ingest-seconds=60] [--browse-seconds=60]
//          [--stress-seconds=30] [--think-ms=2000] [--mode=async|sync] [--connections=32] [--web=1] [--ceiling] [--windows=6] [--bare] [--dir=/path]
//          [--cpu-prof=/path]
//        npm run bench:load -- --quick   (small data, a few seconds each: the CI variant, which asserts)
// --recompute=false skips the rollups/rankings recompute on a kept cluster that has them already; a phase
// given 0 seconds is skipped. --web=N: N `next start` processes, load split between them. --ceiling [--windows=6]: the
// ingest load in that many windows alternating with windows of a no-op Next route, compared by their medians.
// --bare: send the ingest load to the same service code behind a bare node:http server instead of Next
// (a measurement of Next's per-request cost, not a shipped configuration).
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded";
import { applyMigrations } from "@/lib/db/migrate";
import { hashPassword } from "@/lib/auth/password";
import { buildApp, rebuildReason } from "@/lib/runtime/build-stamp";
import { hashToken, newTokenValue } from "@/lib/auth/token-hash";
import { mulberry32 } from "@/lib/random";
import { generateBenchData } from "./bench-data";
import { interleavedWindows, ratioOfMedians } from "./bench-load-windows";
import {
  browseAsPeople,
  cannon,
  loadAverage,
  ownCpuSeconds,
  treeCpuSeconds,
  withCpuShares,
  pagePicker,
  signIn,
  sleep,
  summary,
  waitForHealth,
  waitForPort,
  type PageKind,
} from "./bench-load-helpers";

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((a) => a.replace(/^--/, "").split("="))
    .map(([k, v]) => [k, v ?? "true"]),
);
const QUICK = args.quick === "true";
const MEMBERS = Number(args.members ?? (QUICK ? 3_000 : 100_000));
const EVENTS = Number(args.events ?? (QUICK ? 150_000 : 10_000_000));
const INGEST_SECONDS = Number(args["ingest-seconds"] ?? (QUICK ? 5 : 60));
const BROWSE_SECONDS = Number(args["browse-seconds"] ?? (QUICK ? 4 : 60));
const STRESS_SECONDS = Number(args["stress-seconds"] ?? (QUICK ? 3 : 30));
const THINK_MS = Number(args["think-ms"] ?? 2000);
const ASYNC = (args.mode ?? "async") === "async";
const CONNECTIONS = Number(args.connections ?? (QUICK ? 10 : 32));
const WEB_PROCESSES = Number(args.web ?? 1);
/** The drainer (npm start's worker) runs during the load by default; `--drain=after` holds it back to measure acknowledgement alone. */
const DRAIN_AFTER = args.drain === "after";
const CEILING = args.ceiling === "true";
const WINDOWS = Number(args.windows ?? 6);
/** The no-op route: the ingest route's own URL without a token (a 401 from the route handler, no database). */
const NOOP_REQUEST = { method: "POST", path: "/api/v1/events", body: "{}" } as const;
const ADMINS = 20;
const BATCH = 100;
const PASSWORD = "bench-load-password";
const QUEUE = "ingest-events";
const SECRET = "load-benchmark-secret-0123456789";

/** The drainer as `npm start`'s worker runs it, in its own process (spawned with `--drain-child`). */
async function drainChild() {
  const { startIngestDrainer } = await import("@/lib/services/imports/ingest-drain");
  const { stopJobQueue } = await import("@/lib/jobs/queue");
  const drainer = startIngestDrainer(() => {});
  process.on("SIGTERM", async () => {
    await drainer.stop();
    await stopJobQueue();
    process.exit(0);
  });
}

/** The asynchronous ingest path (token check, envelope, acceptApiEvents) behind node:http, for `--bare`. */
async function bareChild(port: number) {
  const http = await import("node:http");
  const { db } = await import("@/lib/db/client");
  const { acceptApiEvents } = await import("@/lib/services/imports/ingest-events");
  const { ingestEnvelopeSchema } = await import("@/lib/validation/ingest-api");
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const token = bearer ? await db.apiToken.findUnique({ where: { tokenHash: hashToken(bearer) } }) : null;
    if (!token || token.revokedAt || !token.scopes.includes("events:write")) return res.writeHead(401).end();
    const bytes = Buffer.concat(chunks);
    const envelope = ingestEnvelopeSchema.safeParse(JSON.parse(bytes.toString("utf8")));
    if (!envelope.success) return res.writeHead(400).end();
    const body = JSON.stringify(await acceptApiEvents(envelope.data.events, bytes));
    res.writeHead(202, { "content-type": "application/json" }).end(body);
  });
  server.listen(port, "127.0.0.1");
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

async function stopChild(child: ChildProcess | undefined) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await Promise.race([exited, sleep(15_000)]);
}

async function main() {
  const keep = typeof args.dir === "string" && args.dir !== "true";
  const dir = keep ? path.resolve(args.dir) : await mkdtemp(path.join(os.tmpdir(), "groundswell-load-"));
  const cluster = await startEmbeddedPostgres({
    dir: path.join(dir, "pg"),
    port: await freePort(),
    database: keep ? "bench" : "load",
  });
  const children: ChildProcess[] = [];
  const failures: string[] = [];
  const sql = new pg.Client({ connectionString: cluster.url });
  try {
    await applyMigrations(cluster.url);
    process.env.DATABASE_URL = cluster.url;
    await sql.connect();
    const existing = Number((await sql.query<{ n: string }>("select count(*) as n from members")).rows[0].n);
    await cleanUp(sql);
    if (existing > 0) console.log(`Reusing ${existing.toLocaleString()} members in ${dir}`);
    else {
      console.log(`Data: ${MEMBERS.toLocaleString()} members, ${EVENTS.toLocaleString()} events`);
      await generateBenchData(cluster.url, {
        members: MEMBERS,
        events: EVENTS,
        log: (l) => console.log(`  ${l}`),
      });
    }
    if (args.recompute !== "false") {
      const { runPipeline } = await import("@/lib/services/pipeline");
      await runPipeline({ reason: "bench load", log: (l) => console.log(`  ${l}`) });
    }

    const token = newTokenValue();
    const admin = await sql.query<{ id: number }>(
      `insert into admin_users (email, password_hash, role) values ('load@bench.test', $1, 'admin') returning id`,
      [await hashPassword(PASSWORD)],
    );
    await sql.query(
      `insert into api_tokens (name, token_hash, prefix, scopes, created_by_id) values ('load', $1, $2, '{events:write}', $3)`,
      [hashToken(token), token.slice(0, 10), admin.rows[0].id],
    );
    const memberIds = (
      await sql.query<{ id: number }>(`select id from members order by random() limit 200`)
    ).rows.map((r) => r.id);

    const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
    // The build serves these figures: made again when the code changed since it (lib/runtime/build-stamp.ts).
    const rebuild = rebuildReason(process.cwd());
    if (rebuild) {
      console.log(`building (${rebuild})`);
      if (!buildApp(process.cwd())) throw new Error("next build failed");
    }
    const bases: string[] = [];
    // --cpu-prof=DIR: each web process writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
    const profileFlags =
      typeof args["cpu-prof"] === "string" && args["cpu-prof"] !== "true"
        ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(args["cpu-prof"])}`]
        : [];
    for (let i = 0; i < WEB_PROCESSES; i++) {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const env = {
        ...process.env,
        NODE_ENV: "production" as const,
        DATABASE_URL: cluster.url,
        NEXTAUTH_SECRET: SECRET,
        NEXTAUTH_URL: base,
        NEXT_TELEMETRY_DISABLED: "1",
      };
      children.push(
        spawn(process.execPath, [...profileFlags, nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
          stdio: ["ignore", "ignore", "inherit"],
          env,
        }),
      );
      bases.push(base);
    }
    await Promise.all(bases.map((b) => waitForHealth(b)));
    console.log(
      `\nWeb: ${WEB_PROCESSES} \`next start\` process(es); ${os.cpus().length} CPUs; load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );
    // The no-op route is measured before and after the ingest load (the machine is shared: its
    // capacity drifts), and the ingest rate is given as a ratio to their mean.
    // Who uses the cores in each phase (Linux /proc): the web processes, the drainer, PostgreSQL and this
    // process, the load generator. The web processes' CPU per request is the figure a shared machine's
    // load moves least, so the ingest route is compared with the no-op route by it too.
    const postmaster = Number(readFileSync(path.join(dir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
    const webPids = children.map((c) => c.pid!);
    let drainerPid: number | undefined;
    const cpu = {
      web: () => treeCpuSeconds(webPids),
      drainer: () => (drainerPid ? treeCpuSeconds([drainerPid]) : 0),
      postgres: () => treeCpuSeconds([postmaster]),
      client: ownCpuSeconds,
    };
    // Unique events in every ingest request (the warm-up's too: every acknowledged event must be stored once).
    let sent = 0;
    const sendIngest = (targets: string[], seconds: number, onResponse?: (ms: number) => void) =>
      cannon(
        targets,
        {
          connections: CONNECTIONS,
          duration: seconds,
          method: "POST",
          headers: {
            authorization: `Bearer ${token}`,
            "content-type": "application/json",
            ...(ASYNC && { prefer: "respond-async" }),
          },
          requests: [
            {
              setupRequest: (req) => {
                const n = sent++;
                const at = new Date(Date.UTC(2026, 0, 1) + (n % 10_000) * 60_000).toISOString();
                // Written as text, not JSON.stringify of 100 objects: the generator shares the two cores with
                // the processes it measures, and its own cost per request should stay small beside theirs.
                const events = Array.from(
                  { length: BATCH },
                  (_, i) =>
                    `{"source":"load","external_id":"r${n}-${i}","actor_source":"load","actor_external_id":"a${(n * BATCH + i) % 5000}","type":"message","occurred_at":"${at}"}`,
                );
                return { ...req, path: "/api/v1/events", body: `{"events":[${events.join(",")}]}` };
              },
            },
          ],
        },
        onResponse,
      );
    let warmUpAcknowledged = 0;
    if (CEILING) {
      // Both routes warm (compiled, caches filled) before either is measured: a cold process would charge
      // its JIT to whichever route came first.
      await cannon(bases, { connections: CONNECTIONS, duration: 3, requests: [NOOP_REQUEST] });
      warmUpAcknowledged = (await sendIngest(bases, 3)).ok;
    }

    // 1. Browsing: 20 admins over ranked lists, the member directory and member pages.
    const cookie = await signIn(bases[0], "load@bench.test", PASSWORD);
    const pick = pagePicker(memberIds);
    // A server that has run a while has loaded each route's code and filled its caches: one warm-up visit each.
    const warmUp = mulberry32(99);
    for (const base of bases)
      for (let i = 0; i < (QUICK ? 10 : 30); i++)
        await (await fetch(`${base}${pick(warmUp).path}`, { headers: { cookie } })).arrayBuffer();
    const people =
      BROWSE_SECONDS > 0
        ? await browseAsPeople(bases, cookie, pick, {
            admins: ADMINS,
            seconds: BROWSE_SECONDS,
            thinkMs: THINK_MS,
          })
        : { all: [], byKind: new Map<PageKind, number[]>(), failed: 0 };
    console.log(
      `\nBrowsing, ${ADMINS} admins with think time (exponential, mean ${THINK_MS} ms), ${BROWSE_SECONDS} s: ${people.all.length} pages (${people.failed} failed), ${summary(people.all)}`,
    );
    for (const [kind, ms] of people.byKind) console.log(`  ${kind}: ${ms.length} pages, ${summary(ms)}`);
    if (people.failed > 0) failures.push(`browse: ${people.failed} pages failed`);
    const stressRandom = mulberry32(7);
    const stressMs: number[] = [];
    const stress = await cannon(
      STRESS_SECONDS > 0 ? bases : [],
      {
        connections: ADMINS,
        duration: STRESS_SECONDS,
        headers: { cookie },
        requests: [{ setupRequest: (req) => ({ ...req, path: pick(stressRandom).path }) }],
      },
      (ms) => stressMs.push(ms),
    );
    console.log(
      `Browsing stress, ${ADMINS} connections without think time, ${STRESS_SECONDS} s: ${stress.ok} pages (${stress.failed} failed), ${(stress.ok / Math.max(STRESS_SECONDS, 1)).toFixed(0)} pages/s, ${summary(stressMs)}`,
    );
    if (stress.failed > 0) failures.push(`browse stress: ${stress.failed} pages failed`);

    // 2. Ingest: once the queue has drained every accepted event is stored once.
    const startDrainer = () => {
      const child = spawn(
        process.execPath,
        [...process.execArgv, fileURLToPath(import.meta.url), "--drain-child"],
        { stdio: "inherit", env: { ...process.env, DATABASE_URL: cluster.url, NEXTAUTH_SECRET: SECRET } },
      );
      children.push(child);
      return child;
    };
    let drainer = ASYNC && !DRAIN_AFTER ? startDrainer() : undefined;
    drainerPid = drainer?.pid;
    let ingestBases = bases;
    if (args.bare === "true") {
      const port = await freePort();
      children.push(
        spawn(
          process.execPath,
          [...process.execArgv, fileURLToPath(import.meta.url), `--bare-child=${port}`],
          { stdio: "inherit", env: { ...process.env, DATABASE_URL: cluster.url, NEXTAUTH_SECRET: SECRET } },
        ),
      );
      ingestBases = [`http://127.0.0.1:${port}`];
      webPids.push(children.at(-1)!.pid!);
      await waitForPort(port);
    }
    const ingestLabel = `Ingest API (${ASYNC ? "Prefer: respond-async" : "synchronous"}${args.bare === "true" ? ", bare node:http instead of Next" : ""}), ${CONNECTIONS} connections, ${INGEST_SECONDS} s`;
    const ingestTargets = INGEST_SECONDS > 0 ? ingestBases : [];
    let ingest: { ok: number; failed: number };
    let ratioLine = "";
    if (CEILING) {
      // The no-op route and the ingest in alternating short windows, compared by their medians.
      console.log(`\n${ingestLabel}, in ${WINDOWS} windows interleaved with the no-op route's:`);
      const windows = await interleavedWindows({
        rounds: WINDOWS,
        seconds: INGEST_SECONDS / WINDOWS,
        cpu,
        noop: (seconds, onResponse) =>
          cannon(
            bases,
            { connections: CONNECTIONS, duration: seconds, requests: [NOOP_REQUEST] },
            onResponse,
          ),
        ingest: (seconds, onResponse) => sendIngest(ingestTargets, seconds, onResponse),
        // The same connections to the first process alone: whether more processes raise the total, in one run.
        ...(ingestTargets.length > 1 && {
          ingestOne: (seconds: number, onResponse: (ms: number) => void) =>
            sendIngest(ingestTargets.slice(0, 1), seconds, onResponse),
        }),
      });
      ingest = windows;
      const rps = windows.ok / Math.max(INGEST_SECONDS * (windows.ingestOne.length ? 2 : 1), 1);
      console.log(
        `  in all: ${windows.ok} requests OK (${windows.failed} not), ${rps.toFixed(0)} req/s = ${(rps * BATCH).toFixed(0)} events/s; ${summary(windows.ingestMs)}`,
      );
      ratioLine = `  ratio to the no-op route (drainer ${DRAIN_AFTER ? "after the load" : "beside the load"}): ${ratioOfMedians(windows).text}`;
      console.log(ratioLine);
    } else {
      const ingestMs: number[] = [];
      const { result, shares, text } = await withCpuShares(cpu, () =>
        sendIngest(ingestTargets, INGEST_SECONDS, (ms) => ingestMs.push(ms)),
      );
      ingest = result;
      const rps = ingest.ok / Math.max(INGEST_SECONDS, 1);
      console.log(
        `\n${ingestLabel}: ${ingest.ok} requests OK (${ingest.failed} not), ${rps.toFixed(0)} req/s = ${(rps * BATCH).toFixed(0)} events/s; ${summary(ingestMs)}; web CPU ${((shares.web * 1000) / Math.max(rps, 1)).toFixed(2)} ms/request; ${text}; load average ${loadAverage()}`,
      );
    }
    const drainStarted = Date.now();
    if (ASYNC && DRAIN_AFTER) {
      const { rows } = await sql.query<{ jobs: number }>(
        "select count(*)::int as jobs from pgboss.job where name = $1",
        [QUEUE],
      );
      console.log(
        `  group commit: ~${sent} requests staged as ${rows[0].jobs} jobs (${(sent / Math.max(rows[0].jobs, 1)).toFixed(1)} requests per insert)`,
      );
      drainer = startDrainer();
      drainerPid = drainer.pid;
    }
    const backlog = ASYNC ? await waitForDrain(sql, QUICK ? 120_000 : 30 * 60_000) : { left: 0, failed: 0 };
    const ingestEnd = (Date.now() - drainStarted) / 1000 + INGEST_SECONDS;
    await stopChild(drainer);
    const [{ stored, distinct }] = (
      await sql.query<{ stored: string; distinct: string }>(
        `select count(*) stored, count(distinct external_id) "distinct" from activity_events where source = 'load'`,
      )
    ).rows;
    if (ASYNC)
      console.log(
        `  queue drained ${((Date.now() - drainStarted) / 1000).toFixed(0)} s after the load stopped (${backlog.left} batches left, ${backlog.failed} failed): ${(Number(stored) / ingestEnd).toFixed(0)} events/s written end to end`,
      );
    // Requests still in flight when the clock stops are sent but not counted: every acknowledged
    // batch must be stored, nothing twice, nothing that was never sent.
    console.log(
      `  stored ${stored} events (${distinct} distinct); acknowledged ${(ingest.ok + warmUpAcknowledged) * BATCH} (${warmUpAcknowledged * BATCH} of them in the warm-up), sent at most ${sent * BATCH}`,
    );
    // Repeated last, beside the exactly-once check, for whoever reads only the end of the log.
    if (ratioLine) console.log(ratioLine);
    const storedOnce = Number(distinct) === Number(stored) && Number(stored) % BATCH === 0;
    if (
      !storedOnce ||
      Number(stored) < (ingest.ok + warmUpAcknowledged) * BATCH ||
      Number(stored) > sent * BATCH
    )
      failures.push("ingest: events not stored exactly once");
    if (backlog.left > 0 || backlog.failed > 0)
      failures.push(`ingest: ${backlog.left} staged batches not drained, ${backlog.failed} failed`);
    if (ingest.failed > 0) failures.push(`ingest: ${ingest.failed} requests failed`);
    await cleanUp(sql);
  } finally {
    for (const child of children) await stopChild(child);
    await sql.end().catch(() => {});
    await cluster.stop();
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
  if (failures.length) {
    console.error(`\nFAILED: ${failures.join("; ")}`);
    process.exit(1);
  }
  console.log("\nload checks passed");
  // Idle pooled connections (the recompute's Prisma client) would hold the process open for seconds.
  process.exit(0);
}

/** Removes what a run adds (its events, staged batches and admin), so a kept cluster stays the benchmark data set. */
async function cleanUp(sql: pg.Client) {
  await sql.query("delete from activity_events where source = 'load'");
  // The actors the ingest created (one member each): gone too, so the data set keeps its size.
  await sql.query("delete from members where id in (select member_id from identities where source = 'load')");
  await sql.query("delete from admin_users where email = 'load@bench.test'");
  if ((await sql.query("select to_regclass('pgboss.job') as t")).rows[0].t)
    await sql.query("delete from pgboss.job where name = $1", [QUEUE]);
}

/** Waits until no staged batch is waiting or being written; returns what is left and what failed. */
async function waitForDrain(sql: pg.Client, timeoutMs: number): Promise<{ left: number; failed: number }> {
  const until = Date.now() + timeoutMs;
  if (!(await sql.query("select to_regclass('pgboss.job') as t")).rows[0].t) return { left: 0, failed: 0 };
  for (;;) {
    const { rows } = await sql.query<{ left: number; failed: number }>(
      `select count(*) filter (where state < 'completed')::int as left, count(*) filter (where state = 'failed' or retry_count > 0)::int as failed from pgboss.job where name = $1`,
      [QUEUE],
    );
    if (rows[0].left === 0 || Date.now() > until) return rows[0];
    await sleep(500);
  }
}

if (args["drain-child"] === "true") await drainChild();
else if (args["bare-child"]) await bareChild(Number(args["bare-child"]));
else await main();
