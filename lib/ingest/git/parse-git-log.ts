// Git history parser: the TSV export (header `sha author_name author_email authored_at`) or
// raw `git log --no-merges --format='%H%x09%an%x09%ae%x09%aI'` output, streamed line by line.
import { z } from "zod";
import { clip, readFileLines, type TextReadOptions } from "../line-reader";
import { MalformedFileError, type IngestRecord, type ParsedRow } from "../types";
import { gitIdentityKey, gitIdentityRecord } from "./git-identity";

export const GIT_TSV_HEADER = ["sha", "author_name", "author_email", "authored_at"] as const;

export interface ParseGitLogOptions extends TextReadOptions {
  /** Repository name put on each commit event as its channel, e.g. "mautic/mautic". */
  repository?: string | null;
}

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
// Anchored and linear: no nested quantifiers, so no backtracking on hostile input.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

export const gitCommitRowSchema = z.object({
  sha: z.string().regex(SHA, "sha must be 40 or 64 hex characters"),
  authorName: z.string(),
  authorEmail: z.string(),
  authoredAt: z
    .string()
    .regex(ISO_DATE, "authored_at must be ISO 8601 with an offset")
    .refine((s) => !Number.isNaN(Date.parse(s)), "authored_at is not a real date"),
});

type GitCommitRow = z.infer<typeof gitCommitRowSchema>;

/** Fast hand check for the hot path; zod explains whatever it rejects. */
function checkRow(fields: string[]): { row: GitCommitRow } | { reason: string } {
  if (fields.length !== 4) return { reason: `expected 4 tab-separated fields, got ${fields.length}` };
  const candidate = { sha: fields[0], authorName: fields[1], authorEmail: fields[2], authoredAt: fields[3] };
  if (
    SHA.test(candidate.sha) &&
    ISO_DATE.test(candidate.authoredAt) &&
    !Number.isNaN(Date.parse(candidate.authoredAt))
  ) {
    return { row: candidate };
  }
  const result = gitCommitRowSchema.safeParse(candidate);
  if (result.success) return { row: result.data };
  return { reason: result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
}

function isHeader(fields: string[]): boolean {
  return (
    fields.length === GIT_TSV_HEADER.length &&
    fields.every((f, i) => f.trim().toLowerCase() === GIT_TSV_HEADER[i])
  );
}

/**
 * Yields one row per commit: the `commit` event, plus the author's git identity the first
 * time that author appears. A first line that is neither the header nor a commit refuses the file.
 */
export async function* parseGitLog(
  file: string,
  options: ParseGitLogOptions = {},
): AsyncGenerator<ParsedRow> {
  const channel = options.repository ?? null;
  const seenAuthors = new Set<string>();
  let sawFirstLine = false;

  for await (const { line, text } of readFileLines(file, options)) {
    if (text.length === 0) continue;
    const fields = text.split("\t");
    if (!sawFirstLine) {
      sawFirstLine = true;
      if (isHeader(fields)) continue;
      if (fields.length !== 4 || !SHA.test(fields[0])) {
        throw new MalformedFileError(
          file,
          line,
          `not a git log: expected the header "${GIT_TSV_HEADER.join("\\t")}" or "sha<TAB>name<TAB>email<TAB>date" lines`,
        );
      }
    }
    const checked = checkRow(fields);
    if ("reason" in checked) {
      yield { ok: false, line, reason: checked.reason, raw: clip(text) };
      continue;
    }
    const { row } = checked;
    const actor = gitIdentityKey(row.authorEmail, row.authorName);
    const records: IngestRecord[] = [];
    if (!seenAuthors.has(actor.externalId)) {
      seenAuthors.add(actor.externalId);
      records.push(gitIdentityRecord(actor.externalId, row.authorEmail, row.authorName));
    }
    records.push({
      kind: "event",
      source: "git",
      externalId: row.sha.toLowerCase(),
      actor,
      type: "commit",
      occurredAt: new Date(row.authoredAt),
      channel,
    });
    yield { ok: true, line, records };
  }
}
