// The import sources the CLI, the Imports page and the worker accept, each mapped to its parser.
import "server-only";
import { createReadStream } from "node:fs";
import path from "node:path";
import type { IngestRecord, ParsedRow } from "@/lib/ingest/types";
import { parseSlackExport } from "@/lib/ingest/slack";
import { parseGhArchive } from "@/lib/ingest/github";
import { parseGitLog } from "@/lib/ingest/git";
import { parseCanonicalCsv, parseCanonicalJsonl } from "@/lib/ingest/canonical";
import { importOpenCollectiveExport } from "@/lib/ingest/opencollective";

export const IMPORT_SOURCES = ["slack", "github", "git", "stripe-events", "opencollective", "csv", "jsonl"] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

export interface SourceAdapter {
  rows: AsyncIterable<ParsedRow>;
  /** Records known only once every row was read (e.g. Open Collective's subscription gaps). */
  finish?: () => IngestRecord[];
  /** Extra figures for the import summary. */
  stats?: () => Record<string, unknown>;
}

export function openSource(source: Exclude<ImportSource, "stripe-events">, file: string, options: { kind?: string; repository?: string } = {}): SourceAdapter {
  switch (source) {
    case "slack":
      return { rows: parseSlackExport(file) };
    case "github":
      return { rows: parseGhArchive(file) };
    case "git":
      return { rows: parseGitLog(file, { repository: options.repository }) };
    case "csv":
      return { rows: parseCanonicalCsv(file, options.kind ? { kind: options.kind } : {}) };
    case "jsonl":
      return { rows: parseCanonicalJsonl(file) };
    case "opencollective": {
      // The parser takes CSV text or a stream: a path string would be read as the CSV itself.
      const oc = importOpenCollectiveExport(createReadStream(file), { file: path.basename(file) });
      let result: ReturnType<typeof oc.finish> | undefined;
      const finish = () => (result ??= oc.finish());
      return {
        rows: oc.rows,
        finish: () => finish().changes.map(({ changeKind: _k, mrrBeforeCents: _m, ...change }) => change),
        stats: () => ({ ...finish().stats, subscriptions: finish().subscriptions.length }),
      };
    }
  }
}
