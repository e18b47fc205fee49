// What an import checks of its input before and after reading it: a missing file, a folder where a file is due, an
// empty file, a run that found nothing importable (with the importer the input looks made for), and rough progress.
import "server-only";
import path from "node:path";
import { stat } from "node:fs/promises";
import { MalformedFileError } from "@/lib/ingest/types";
import { importerHint, sniffInput } from "@/lib/ingest/sniff";
import type { ImportOptions, ImportProgress } from "./import-run-types";

const SMALL_FILE_BYTES = 64 * 1024;

/** Rough progress from the line number (about 120 bytes a line); the end of the run says 100%. */
export function fractionFor(line: number, totalBytes: number | null): number | null {
  if (!totalBytes) return null;
  return Math.min(0.99, (line * 120) / totalBytes);
}

/** Refuses, before any work, input no importer could take: missing, a folder where a file is due, empty. */
export async function checkInput(options: ImportOptions): Promise<{ isFile: boolean; size: number }> {
  const info = await stat(options.file).catch(() => null);
  if (!info) throw new MalformedFileError(options.file, 0, "no such file or folder");
  if (info.isDirectory() && options.source !== "slack") {
    const sniffed = await sniffInput(options.file);
    throw new MalformedFileError(
      options.file,
      0,
      `is a folder (it looks like ${sniffed.description}); this importer reads one file`,
      importerHint(sniffed, options.source) ?? undefined,
    );
  }
  if (
    info.isFile() &&
    info.size <= SMALL_FILE_BYTES &&
    (await sniffInput(options.file)).description === "an empty file"
  ) {
    throw new MalformedFileError(options.file, 0, "is empty: there is nothing to import");
  }
  return { isFile: info.isFile(), size: info.size };
}

/** Throws (so the run's transaction rolls back) when the run found nothing it could import. */
export async function refuseNonsense(
  options: ImportOptions,
  progress: ImportProgress,
  firstBad: { line: number; reason: string } | null,
): Promise<void> {
  const landed = progress.imported + progress.duplicates;
  if (progress.read > 0 && landed > 0) return;
  const sniffed = await sniffInput(options.file);
  const what =
    progress.read === 0
      ? "no records found"
      : `every one of the ${progress.read} rows was refused (first, line ${firstBad?.line}: ${firstBad?.reason})`;
  throw new MalformedFileError(
    options.file,
    0,
    `${what}; it looks like ${sniffed.description}`,
    importerHint(sniffed, options.source) ?? undefined,
  );
}

/** A file refused at its first lines was probably meant for another importer: say which. */
export async function withImporterHint(error: unknown, options: ImportOptions): Promise<unknown> {
  if (
    !(error instanceof MalformedFileError) ||
    error.line < 1 ||
    error.line > 2 ||
    // The Stripe reader names the file by its base name.
    (error.file !== options.file && error.file !== path.basename(options.file))
  )
    return error;
  if (error.reason.startsWith("not valid UTF-8") || error.reason.startsWith("line longer")) return error;
  const sniffed = await sniffInput(options.file);
  if (sniffed.importer === options.source || (sniffed.importer === null && error.hint)) return error;
  return new MalformedFileError(
    error.file,
    error.line,
    `${error.reason} (it looks like ${sniffed.description})`,
    importerHint(sniffed, options.source) ?? undefined,
  );
}
