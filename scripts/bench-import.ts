// Import benchmark: a temporary embedded PostgreSQL, a generated input in one importer's format, imported
// with runImport exactly as `npm run cli -- import SOURCE` does. Reports records/s (wall), the CPU seconds of
// Node and of PostgreSQL (the machine is shared: CPU per record is what holds) and peak RSS (sampled).
// `npm run bench:import [-- --source all|real|jsonl|csv|git|github|slack|opencollective|stripe-events
//  --events N --actors M --keep --digest --log-statements]`; `all` runs every importer, then the real files (`real`), each in its own process.
import { spawn } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { ImportSource } from "@/lib/services/imports/sources";
import { withBenchDatabase } from "./bench-database";
import { nodeCpuSeconds, postgresCpuSeconds, postmasterOf } from "./bench-cpu";

/** Generated inputs: activity formats at 200,000 events; billing as large as a big real account or collective. */
const GENERATED: Record<string, { source: ImportSource; events: number; actors: number }> = {
  jsonl: { source: "jsonl", events: 200_000, actors: 10_000 },
  csv: { source: "csv", events: 200_000, actors: 10_000 },
  git: { source: "git", events: 200_000, actors: 10_000 },
  github: { source: "github", events: 200_000, actors: 10_000 },
  slack: { source: "slack", events: 200_000, actors: 10_000 },
  opencollective: { source: "opencollective", events: 100_000, actors: 5_000 },
  "stripe-events": { source: "stripe-events", events: 100_000, actors: 0 },
};
/** Real public files (../shared/data): a sanity line beside the generated ones. */
const REAL: Record<string, { source: ImportSource; file: string }> = {
  "git (mautic-commits.tsv)": { source: "git", file: "../shared/data/mautic-commits.tsv" },
  "opencollective (opencollective-obs-transactions.csv)": {
    source: "opencollective",
    file: "../shared/data/opencollective-obs-transactions.csv",
  },
};

const { values } = parseArgs({
  options: {
    events: { type: "string" },
    actors: { type: "string" },
    source: { type: "string", default: "jsonl" },
    keep: { type: "boolean", default: false },
    digest: { type: "boolean", default: false },
    "log-statements": { type: "boolean", default: false },
  },
});
const SOURCE = values.source!;
if (!["all", "real"].includes(SOURCE) && !GENERATED[SOURCE] && !REAL[SOURCE])
  throw new Error(`--source must be all, real or one of ${Object.keys(GENERATED).join(", ")}`);

/** Writes the input from a child process, so the generator's garbage never counts in the import's RSS. */
async function generate(source: string, file: string, events: number, actors: number): Promise<void> {
  const args =
    source === "stripe-events"
      ? ["scripts/bench-stripe-data.ts", file, String(events)]
      : ["scripts/bench-import-files.ts", source, file, String(events), String(actors)];
  const child = spawn(path.resolve("node_modules/.bin/tsx"), args, { stdio: "inherit" });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  if (code !== 0) throw new Error(`generator exited with ${code}`);
}

const TABLE_HEAD =
  "| importer | input | records | records/s (wall) | CPU Node + PostgreSQL | records per CPU-second | bound by one core | peak RSS | RSS before | load average |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|";

/** `all` / `real`: each importer in its own process and database, so no run inherits another's heap or tables. */
async function runEach(names: string[]): Promise<void> {
  const results: string[] = [];
  for (const name of names) {
    const extra = [
      ...(values.events ? ["--events", values.events] : []),
      ...(values.actors ? ["--actors", values.actors] : []),
    ];
    const child = spawn(
      process.execPath,
      [
        ...process.execArgv,
        process.argv[1],
        "--source",
        name,
        ...(REAL[name] ? [] : extra),
        ...(values.digest ? ["--digest"] : []),
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      process.stdout.write(d);
    });
    await new Promise((resolve) => child.on("exit", resolve));
    results.push(out.split("\n").find((l) => l.startsWith("| ")) ?? `| ${name} | failed |`);
  }
  console.log(`\n${TABLE_HEAD}\n${results.join("\n")}`);
}

async function main() {
  const real = REAL[SOURCE];
  const generated = GENERATED[SOURCE];
  const source = real?.source ?? generated.source;
  const events = Number(values.events ?? generated?.events ?? 0);
  const actors = Number(values.actors ?? generated?.actors ?? 0);
  await withBenchDatabase(
    "bench",
    async ({ dir }) => {
      const file = real
        ? path.resolve(real.file)
        : path.join(dir, source === "slack" ? "slack-export" : `input.${source}`);
      if (!real) {
        console.log(
          `Generating ${events.toLocaleString()} ${source} records from ${actors.toLocaleString()} actors…`,
        );
        await generate(source, file, events, actors);
      }
      const bytes = source === "slack" ? await folderBytes(file) : (await stat(file)).size;
      console.log(`  ${file}: ${(bytes / 1024 ** 2).toFixed(1)} MB`);
      const { runImport } = await import("@/lib/services/imports/run-import");
      const { db } = await import("@/lib/db/client");
      const [backend] = await db.$queryRaw<{ pid: number }[]>`select pg_backend_pid() as pid`;
      if (values["log-statements"]) await logStatements(db);
      const postmaster = postmasterOf(backend.pid);
      const startRss = process.memoryUsage().rss;
      let peakRss = startRss;
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
      const nodeCpuBefore = process.cpuUsage();
      const pgCpuBefore = postgresCpuSeconds(postmaster);
      const started = performance.now();
      let last = 0;
      const summary = await runImport({
        source,
        file,
        onProgress: (p) => {
          if (performance.now() - last < 5000) return;
          last = performance.now();
          console.log(
            `  ${p.imported.toLocaleString()} imported, ${(p.imported / ((last - started) / 1000)).toFixed(0)}/s, rss ${(process.memoryUsage().rss / 1024 ** 2).toFixed(0)} MB, heap ${(process.memoryUsage().heapUsed / 1024 ** 2).toFixed(0)} MB`,
          );
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const nodeSeconds = nodeCpuSeconds(nodeCpuBefore);
      const pgSeconds = postgresCpuSeconds(postmaster) - pgCpuBefore;
      clearInterval(sampler);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (summary.status !== "succeeded") console.log(`  FAILED: ${summary.error}`);
      const [rows] = await db.$queryRaw<{ events: number; members: number; billing: number }[]>`
      select (select count(*)::int from activity_events) events, (select count(*)::int from members) members,
             (select count(*)::int from payments) + (select count(*)::int from subscription_changes) billing`;
      // Records the run took in: imported plus duplicates within the file (a re-sent Stripe event is work too).
      const records = summary.imported + summary.duplicates;
      console.log(
        `\n${records.toLocaleString()} records (${summary.imported.toLocaleString()} imported, ${summary.duplicates.toLocaleString()} duplicates, ${summary.quarantined} quarantined; ${rows.events.toLocaleString()} events, ${rows.billing.toLocaleString()} payments + subscription changes, ${rows.members.toLocaleString()} members) in ${seconds.toFixed(1)} s`,
      );
      if (values.digest) {
        console.log(`  identity digest: ${await identityDigest()}`);
        console.log(`  rows without their ids: ${await contentDigest()}`);
      }
      const mb = (n: number) => `${(n / 1024 ** 2).toFixed(0)} MB`;
      const load = os.loadavg()[0].toFixed(1);
      // Node parses the next batch while PostgreSQL writes this one, on the other core: on an idle 2-core machine
      // the busier of the two bounds the rate.
      const bound = records / Math.max(nodeSeconds, pgSeconds);
      console.log(
        `| ${SOURCE} | ${real ? "real file" : actors ? `generated, ${actors.toLocaleString()} actors` : "generated"}, ${(bytes / 1024 ** 2).toFixed(1)} MB | ${records.toLocaleString()} | ${(records / seconds).toFixed(0)} | ${nodeSeconds.toFixed(1)} s + ${pgSeconds.toFixed(1)} s | ${(records / (nodeSeconds + pgSeconds)).toFixed(0)} | ${bound.toFixed(0)} | ${mb(peakRss)} | ${mb(startRss)} | ${load} |`,
      );
      await db.$disconnect();
    },
    { keep: values.keep },
  );
}

/**
 * `--digest`: counts and an md5 of who the import made (members, identities, claims, merges, organisations,
 * affiliations, ids included) and of what it wrote (events, subscriptions, their changes, payments, members' billing), to check that a change to the write path leaves identity resolution as it was.
 */
async function identityDigest(): Promise<string> {
  const { db } = await import("@/lib/db/client");
  const [row] = await db.$queryRaw<{ counts: string; digest: string }[]>`
    select concat_ws(' ', (select count(*) from members), (select count(*) from identities), (select count(*) from identity_claims),
                     (select count(*) from member_merges), (select count(*) from organizations), (select count(*) from affiliations)) as counts,
           md5(concat_ws('|',
             (select string_agg(concat_ws(',', id, display_name, primary_email, country, joined_at, is_bot, is_staff, tags), ';' order by id) from members),
             (select string_agg(concat_ws(',', id, member_id, source, external_id, handle, email, email_hash, display_name, is_bot, is_deleted, profile, linked_by), ';' order by id) from identities),
             (select string_agg(concat_ws(',', identity_id, key, owns, via), ';' order by identity_id, key, owns) from identity_claims),
             (select string_agg(concat_ws(',', survivor_id, merged_id, reason), ';' order by id) from member_merges),
             (select string_agg(concat_ws(',', id, name, slug), ';' order by id) from organizations),
             (select string_agg(concat_ws(',', member_id, org_id, starts_at, ends_at, origin), ';' order by member_id, org_id, starts_at) from affiliations),
             (select md5(string_agg(concat_ws(',', member_id, identity_id, source, external_id), ';' order by source, external_id)) from activity_events),
             (select md5(string_agg(concat_ws(',', id, member_id, source, external_id, status, plan_key, tier_rank, mrr_cents, started_at, canceled_at), ';' order by id)) from subscriptions),
             (select md5(string_agg(concat_ws(',', id, subscription_id, member_id, source, external_id, kind, from_plan_key, to_plan_key, from_tier, to_tier, mrr_before_cents, mrr_after_cents, occurred_at), ';' order by id)) from subscription_changes),
             (select md5(string_agg(concat_ws(',', member_id, source, external_id, amount_cents, currency, status, kind, occurred_at), ';' order by source, external_id)) from payments),
             (select md5(string_agg(concat_ws(',', id, current_tier, current_mrr_cents), ';' order by id)) from members)
           )) as digest`;
  return `${row.counts} (members identities claims merges organisations affiliations) md5 ${row.digest}`;
}

/**
 * `--digest`, second line: what the import wrote with every surrogate id replaced by a natural key (a member by its first
 * identity's source and external id, an organisation by its slug, a subscription by its external id). Round 9 writes a
 * file's subscription changes in one batch instead of batches of 10,000: the same rows, numbered in time order over
 * the file instead of batch by batch, so the first line's digest moves and this one must not.
 */
async function contentDigest(): Promise<string> {
  const { db } = await import("@/lib/db/client");
  const [row] = await db.$queryRaw<{ digest: string }[]>`
    with mk as (select member_id, min(source || ':' || external_id) as k from identities group by member_id)
    select md5(concat_ws('|',
      (select md5(string_agg(concat_ws(',', mk.k, display_name, primary_email, country, joined_at, is_bot, is_staff, tags, current_tier, current_mrr_cents), ';' order by mk.k)) from members m join mk on mk.member_id = m.id),
      (select count(*) from members m where not exists (select 1 from mk where mk.member_id = m.id)),
      (select md5(string_agg(concat_ws(',', mk.k, source, external_id, handle, email, email_hash, display_name, is_bot, is_deleted, profile, linked_by), ';' order by source, external_id)) from identities i join mk using (member_id)),
      (select md5(string_agg(concat_ws(',', i.source, i.external_id, c.key, c.owns, c.via), ';' order by i.source, i.external_id, c.key, c.owns)) from identity_claims c join identities i on i.id = c.identity_id),
      (select count(*) from member_merges),
      (select md5(string_agg(concat_ws(',', name, slug), ';' order by slug, name)) from organizations),
      (select md5(string_agg(concat_ws(',', mk.k, o.slug, a.starts_at, a.ends_at, a.origin), ';' order by mk.k, o.slug, a.starts_at)) from affiliations a join mk using (member_id) join organizations o on o.id = a.org_id),
      (select md5(string_agg(concat_ws(',', mk.k, i.source, i.external_id, e.source, e.external_id), ';' order by e.source, e.external_id)) from activity_events e join mk using (member_id) join identities i on i.id = e.identity_id),
      (select md5(string_agg(concat_ws(',', mk.k, source, external_id, status, plan_key, tier_rank, mrr_cents, started_at, canceled_at), ';' order by source, external_id)) from subscriptions join mk using (member_id)),
      (select md5(string_agg(concat_ws(',', s.external_id, mk.k, c.source, c.external_id, kind, from_plan_key, to_plan_key, from_tier, to_tier, mrr_before_cents, mrr_after_cents, c.occurred_at), ';' order by c.source, c.external_id))
         from subscription_changes c join subscriptions s on s.id = c.subscription_id join mk on mk.member_id = c.member_id),
      (select md5(string_agg(concat_ws(',', mk.k, source, external_id, amount_cents, currency, status, kind, occurred_at), ';' order by source, external_id)) from payments join mk using (member_id)),
      (select md5(string_agg(concat_ws(',', key, tier_rank, monthly_amount_cents, currency), ';' order by key)) from plans)
    )) as digest`;
  return `md5 ${row.digest}`;
}

/**
 * `--log-statements`: PostgreSQL logs every statement with its duration and a millisecond timestamp to stderr (with
 * `LOG_LEVEL=debug`, as `[postgres]` lines), parameters left out: where the import's time goes between statements.
 */
async function logStatements(db: typeof import("@/lib/db/client").db): Promise<void> {
  process.env.LOG_LEVEL = "debug";
  await db.$executeRaw`alter system set log_min_duration_statement = 0`;
  await db.$executeRaw`alter system set log_parameter_max_length = 0`;
  await db.$executeRaw`alter system set log_line_prefix = '%m [%p] '`;
  await db.$queryRaw`select pg_reload_conf()`;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  return total;
}

if (SOURCE === "all") await runEach([...Object.keys(GENERATED), ...Object.keys(REAL)]);
else if (SOURCE === "real") await runEach(Object.keys(REAL));
else await main();
