// The ranking and incremental benches' command-line flags, read the same way by both (`--name value`).
import path from "node:path";

/** A positive number after `name`, or the fallback when the flag is absent. */
export function numberFlag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`);
  return v;
}

/** `--dir PATH`: a database folder to keep and reuse between runs; null when absent. */
export function keptDirFlag(): string | null {
  const at = process.argv.indexOf("--dir");
  return at >= 0 ? path.resolve(process.argv[at + 1]) : null;
}
