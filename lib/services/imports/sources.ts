// The import sources the CLI, the Imports page and the worker accept, each mapped to its parser.
import "server-only";
import { createReadStream } from "node:fs";
import path from "node:path";
import type { ForcedEncoding } from "@/lib/ingest/text-encoding";
import type { IngestRecord, ParsedRow } from "@/lib/ingest/types";
import { parseSlackExport } from "@/lib/ingest/slack";
import { parseGhArchive } from "@/lib/ingest/github";
import { parseGitLog } from "@/lib/ingest/git";
import { parseCanonicalCsv, parseCanonicalJsonl } from "@/lib/ingest/canonical";
import {
  graphqlTransactionsInput,
  importOpenCollectiveExport,
  isJsonFile,
} from "@/lib/ingest/opencollective";
import { parseDiscourseJson } from "@/lib/ingest/discourse/parse-discourse-json";

export const IMPORT_SOURCES = [
  "slack",
  "github",
  "git",
  "stripe-events",
  "opencollective",
  "csv",
  "jsonl",
  "discourse",
] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];

export interface SourceAdapter {
  rows: AsyncIterable<ParsedRow>;
  /** Records known only once every row was read (e.g. Open Collective's subscription gaps), taken as they come. */
  finish?: () => Iterable<IngestRecord>;
  /**
   * Records in the first batch when fewer than the run's batch: PostgreSQL idles until the first batch is read, so a
   * source whose batch boundaries change nothing it counts hands its first rows over sooner (run-import.ts).
   */
  firstBatchRecords?: number;
  /** Extra figures for the import summary. */
  stats?: () => Record<string, unknown> | undefined;
}

export interface SourceOptions {
  kind?: string;
  repository?: string;
  encoding?: ForcedEncoding;
  /** Slack: refuse the whole export when one day file is broken, instead of setting that file aside. */
  strict?: boolean;
}

export function openSource(
  source: Exclude<ImportSource, "stripe-events">,
  file: string,
  options: SourceOptions = {},
): SourceAdapter {
  switch (source) {
    case "slack":
      return { rows: parseSlackExport(file, { strict: options.strict }) };
    case "github":
      return { rows: parseGhArchive(file) };
    case "git": {
      const counts = { merges: 0 };
      return {
        rows: parseGitLog(file, {
          repository: options.repository,
          encoding: options.encoding,
          // Old commits keep the bytes they were written in: unless an encoding is named, Latin-1 lines are read as such.
          latin1Fallback: options.encoding === undefined,
          counts,
        }),
        // Merges read from plain `git log` blocks land nothing: the summary says how many.
        stats: () => (counts.merges > 0 ? { mergesLeftOut: counts.merges } : undefined),
      };
    }
    case "csv":
      return { rows: parseCanonicalCsv(file, { kind: options.kind, encoding: options.encoding }) };
    case "jsonl":
      return { rows: parseCanonicalJsonl(file, { encoding: options.encoding }) };
    case "discourse":
      return { rows: parseDiscourseJson(file, { encoding: options.encoding }) };
    case "opencollective": {
      // The parser takes CSV text or a byte stream (decoded by the reader): a path string would be read as the CSV itself.
      const name = path.basename(file);
      // The GraphQL API's JSON is mapped to the CSV it would export (node N on line N + 1: reported as record N).
      const json = isJsonFile(file);
      const input = json
        ? graphqlTransactionsInput(file)
        : createReadStream(file, { highWaterMark: 1 << 20 });
      const oc = importOpenCollectiveExport(input, { file: name, encoding: options.encoding });
      let subscriptions = 0;
      return {
        rows: json ? recordNumbered(oc.rows) : oc.rows,
        // A contributor's identity is one record whichever batch holds it, and payments count one by one.
        firstBatchRecords: 2_000,
        // Derived subscription by subscription as the run takes them: it writes the first changes while it derives the next.
        *finish() {
          for (const { changes } of oc.subscriptions()) {
            subscriptions++;
            for (const { changeKind: _k, mrrBeforeCents: _m, ...change } of changes) yield change;
          }
        },
        stats: () => ({ ...oc.stats, subscriptions }),
      };
    }
  }
}

/** Rows of CSV text made from a JSON document, numbered by their record (the header took line 1). */
async function* recordNumbered(rows: AsyncIterable<ParsedRow>): AsyncGenerator<ParsedRow> {
  for await (const row of rows) yield { ...row, line: row.line - 1 };
}
