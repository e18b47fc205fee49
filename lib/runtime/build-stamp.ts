// What the production build was made from: a content hash of the files `next build` reads, written beside
// the build by whatever builds it, so `npm start` rebuilds after an upgrade (git pull or a new tarball).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** Folders whose files the build bundles (lib/generated is made from prisma/schema.prisma, hashed below). */
const INPUT_DIRS = ["app", "components", "lib", "public", "prisma"];
/** Top-level files the build reads: configuration, dependencies, the request proxy. */
const INPUT_FILE =
  /^(package\.json|package-lock\.json|tsconfig\.json|(next|postcss|tailwind)\.config\.[cm]?[jt]s|(proxy|middleware|instrumentation)\.[jt]s)$/;
/** Never bundled: tests, notes, generated code, migrations' SQL (applied at start, not built). */
const SKIPPED = /(\.test\.tsx?|\.md|\.sql)$/;
const SKIPPED_DIRS = new Set(["node_modules", "generated", "migrations"]);

export const STAMP_FILE = ".next/groundswell-build-hash";

function listInputs(root: string): string[] {
  const files = readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isFile() && INPUT_FILE.test(e.name))
    .map((e) => e.name);
  const walk = (dir: string) => {
    for (const e of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) walk(rel);
      } else if (e.isFile() && !SKIPPED.test(e.name)) files.push(rel);
    }
  };
  for (const dir of INPUT_DIRS) if (existsSync(path.join(root, dir))) walk(dir);
  return files.sort();
}

/** sha256 over every input's path and content (about 2 MB of source: tens of milliseconds). */
export function buildInputsHash(root: string): string {
  const hash = createHash("sha256");
  for (const file of listInputs(root)) {
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(root, file)))
      .update("\0");
  }
  return hash.digest("hex");
}

export function writeBuildStamp(root: string, inputsHash: string): void {
  writeFileSync(path.join(root, STAMP_FILE), `${inputsHash}\n`);
}

/** Why the build must be made again before serving, or null when it matches the code. */
export function rebuildReason(root: string, inputsHash = buildInputsHash(root)): string | null {
  if (!existsSync(path.join(root, ".next/BUILD_ID"))) return "no build yet";
  const stamp = path.join(root, STAMP_FILE);
  if (!existsSync(stamp)) return "the build has no record of the code it was made from";
  if (readFileSync(stamp, "utf8").trim() !== inputsHash) return "the code changed since the last build";
  return null;
}

/** `next build` in `root`, then the stamp of the code it read; false when the build failed. */
export function buildApp(root: string, log: (line: string) => void = console.log): boolean {
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const before = buildInputsHash(root);
  const build = spawnSync(process.execPath, [nextBin, "build"], { stdio: "inherit", cwd: root });
  if (build.status !== 0) return false;
  // A file edited during the build may or may not be in it: keep the earlier hash, so the next start rebuilds.
  if (buildInputsHash(root) !== before) log("Files changed during the build; the next start rebuilds.");
  writeBuildStamp(root, before);
  return true;
}
