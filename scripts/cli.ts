// `npm run cli -- <command> [args]`: the command-line face of the same services the web app uses.
// Each command lives in scripts/commands/<name>.ts and exports `run(args)`.
import { openRuntimeDatabase } from "@/lib/runtime/database";

type Command = {
  describe: string;
  needsDatabase?: boolean;
  load: () => Promise<{ run(args: string[]): Promise<number | void> }>;
};

const commands: Record<string, Command> = {
  "db:migrate": {
    describe: "apply pending migrations (no network needed)",
    load: async () => ({ run: async () => {} }),
  },
  "demo:remove": { describe: "delete the demo community", load: () => import("./commands/demo") },
  "demo:seed": {
    describe: "load the demo community into an empty database",
    load: () => import("./commands/demo"),
  },
  import: {
    describe: "import slack|github|git|stripe-events|opencollective|csv|jsonl|discourse PATH",
    load: () => import("./commands/import"),
  },
  backup: {
    describe: "backup FILE — a checksummed logical backup (gzipped JSON lines)",
    load: () => import("./commands/backup"),
  },
  restore: {
    describe: "restore FILE — replace all data with a backup's, verifying checksums",
    load: () => import("./commands/backup"),
  },
  rank: {
    describe: "rank candidates|at-risk [--as-of YYYY-MM-DD] [--limit N] [--format csv|json]",
    load: () => import("./commands/rank"),
  },
  backtest: {
    describe: "backtest [--horizon 8w] [--cutoffs 6] — model vs baselines on past cut-offs",
    load: () => import("./commands/backtest"),
  },
  stripe: {
    describe: "stripe sync|reconcile — page through the Stripe API (STRIPE_SECRET_KEY)",
    load: () => import("./commands/stripe"),
  },
  connectors: {
    describe: "connectors sync [slack|github|discourse|all] [--no-recompute] — sync connected services now",
    load: () => import("./commands/connectors"),
  },
  recompute: {
    describe: "rebuild weekly rollups, rankings and alerts now",
    load: () => import("./commands/recompute"),
  },
  "admin:create": {
    describe: "admin:create EMAIL admin|viewer — create a user and print a password",
    load: () => import("./commands/admin"),
  },
  "admin:unlock": {
    describe: "admin:unlock EMAIL — clear the sign-in back-off of an account",
    load: () => import("./commands/admin"),
  },
};

function usage(): void {
  console.log("usage: npm run cli -- <command> [args]\n");
  for (const [name, c] of Object.entries(commands)) console.log(`  ${name.padEnd(16)} ${c.describe}`);
}

const [name, ...args] = process.argv.slice(2);

// Imports stream files of any size: a capped heap makes V8 collect early, keeping the process
// well under 500 MB instead of letting garbage grow (it is not needed for correctness).
const HEAP_CAPPED_COMMANDS = new Set(["import"]);
const heapFlag = "--max-old-space-size=320";
if (
  name &&
  HEAP_CAPPED_COMMANDS.has(name) &&
  ![...process.execArgv, process.env.NODE_OPTIONS ?? ""].some((a) => a.includes("max-old-space-size"))
) {
  const { spawnSync } = await import("node:child_process");
  const child = spawnSync(process.execPath, [...process.execArgv, heapFlag, ...process.argv.slice(1)], {
    stdio: "inherit",
  });
  process.exit(child.status ?? 1);
}
const command = name ? commands[name] : undefined;
if (!command) {
  usage();
  process.exit(name ? 2 : 0);
}

// Beside a running `npm start`, commands join its database instead of failing to start a second one.
const database = await openRuntimeDatabase((line) => console.error(line), { shareRunning: true });
// Ctrl-C: stop the embedded PostgreSQL before leaving, so the next start finds no stale server.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping…`);
    void database.stop().finally(() => process.exit(130));
  });
}
let code = 0;
try {
  const mod = await command.load();
  code = (await mod.run([name, ...args])) ?? 0;
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  code = 1;
} finally {
  const { db } = await import("@/lib/db/client");
  await db.$disconnect().catch(() => {});
  await database.stop();
}
process.exit(code);
