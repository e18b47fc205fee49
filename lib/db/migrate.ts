// Applies prisma/migrations with Prisma's WebAssembly schema engine, so migrations need no
// downloaded binary and no network. Records them in _prisma_migrations like `prisma migrate deploy`.
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";

const require = createRequire(import.meta.url);
export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma/migrations");
export const SCHEMA_PATH = path.resolve(process.cwd(), "prisma/schema.prisma");
const noFilters = { externalTables: [], externalEnums: [] };

type EngineModule = typeof import("@prisma/schema-engine-wasm");
let enginePromise: Promise<EngineModule> | undefined;

/** Instantiates the wasm by hand: Node 20 cannot import .wasm modules without a flag. */
async function loadEngineModule(): Promise<EngineModule> {
  enginePromise ??= (async () => {
    const dir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
    const bg = await import(path.join(dir, "schema_engine_bg.js"));
    const bytes = await readFile(path.join(dir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": bg });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return bg as EngineModule;
  })();
  return enginePromise;
}

async function openEngine(url: string, datamodel: string): Promise<SchemaEngine> {
  const mod = await loadEngineModule();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: url }));
  const log = (msg: string) => {
    if (process.env.LOG_LEVEL === "debug") console.error("[schema-engine]", msg);
  };
  return mod.SchemaEngine.new({ datamodels: [["schema.prisma", datamodel]] }, log, adapter);
}

export async function loadMigrations(dir = MIGRATIONS_DIR): Promise<MigrationList> {
  const names = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  const migrationDirectories = await Promise.all(
    names.map(async (name) => ({
      path: name,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: await readFile(path.join(dir, name, "migration.sql"), "utf8") },
      },
    })),
  );
  const lockText = await readFile(path.join(dir, "migration_lock.toml"), "utf8").catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: lockText },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

/** Applies every migration not yet applied; returns the names applied now. */
export async function applyMigrations(url: string): Promise<string[]> {
  const engine = await openEngine(url, await readFile(SCHEMA_PATH, "utf8"));
  try {
    const out = await engine.applyMigrations({ migrationsList: await loadMigrations(), filters: noFilters });
    return out.appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/** SQL that takes a database from `fromDatamodel` (null = empty) to `toDatamodel`; `url` is any reachable server. */
export async function diffDatamodels(
  url: string,
  fromDatamodel: string | null,
  toDatamodel: string,
): Promise<string> {
  const engine = await openEngine(url, toDatamodel);
  try {
    const from =
      fromDatamodel === null
        ? { tag: "empty" as const }
        : { tag: "schemaDatamodel" as const, files: [{ path: "from.prisma", content: fromDatamodel }] };
    const result = await engine.diff({
      from,
      to: { tag: "schemaDatamodel", files: [{ path: "schema.prisma", content: toDatamodel }] },
      script: true,
      exitCode: null,
      filters: noFilters,
    });
    return result.stdout ?? "";
  } finally {
    engine.free();
  }
}

/** The schema the migrations build, as written by `npm run db:migration` (drift is tested separately). */
export const MIGRATED_SCHEMA_PATH = path.resolve(process.cwd(), "prisma/.migrated-schema.prisma");
