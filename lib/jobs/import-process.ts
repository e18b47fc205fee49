// Runs a queued import in a child process: a file that crashes the parser or exhausts memory kills
// only the child; the run is then marked failed (its upload removed) and the worker goes on to the
// next job in a fresh child.
import "server-only";
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { markImportRunDied } from "@/lib/services/imports/run-states";
import { discardUpload, type ImportJob } from "@/lib/services/imports/upload";
import type { ImportSummary } from "@/lib/services/imports/import-run-types";

type ChildAnswer = { ok: true; summary: ImportSummary } | { ok: false; error: string };

export const IMPORT_CHILD_HEAP_MB = 1024;

export async function runImportInChild(
  job: ImportJob,
  hooks: { onSpawn?: (child: ChildProcess) => void } = {},
): Promise<ImportSummary> {
  const child = fork(path.resolve("scripts/import-child.ts"), [], {
    execArgv: [
      "--import",
      "tsx",
      "--conditions=react-server",
      `--max-old-space-size=${IMPORT_CHILD_HEAP_MB}`,
    ],
    env: process.env,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  hooks.onSpawn?.(child);
  let answer: ChildAnswer | undefined;
  child.on("message", (m: ChildAnswer) => (answer = m));
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
    child.once("error", () => resolve({ code: null, signal: null }));
    child.send(job);
  });
  if (answer?.ok) return answer.summary;
  if (answer && !answer.ok) throw new Error(answer.error);
  const how = exit.signal
    ? `was stopped by ${exit.signal}${exit.signal === "SIGKILL" ? " (often: out of memory)" : ""}`
    : `exited with code ${exit.code}`;
  await markImportRunDied(job.importRunId, how);
  await discardUpload(job.file).catch(() => {});
  throw new Error(`import #${job.importRunId}: the import process ${how}`);
}
