// Git history parser: the TSV export (header `sha author_name author_email authored_at`) or
// raw `git log --no-merges --format='%H%x09%an%x09%ae%x09%aI'` output, streamed line by line.
// Columns after the fourth are ignored, except `Co-authored-by` trailer values (see commit-fields).
import { z } from "zod";
import { clip, readFileLines, type TextReadOptions } from "../line-reader";
import { MalformedFileError, type EventRecord, type IngestRecord, type ParsedRow } from "../types";
import { parseCoAuthors, parseGitDate, type CoAuthor } from "./commit-fields";
import { gitIdentityKey, gitIdentityRecord } from "./git-identity";

export const GIT_TSV_HEADER = ["sha", "author_name", "author_email", "authored_at"] as const;

export interface ParseGitLogOptions extends TextReadOptions {
  /** Repository name put on each commit event as its channel, e.g. "mautic/mautic". */
  repository?: string | null;
}

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

export const gitCommitRowSchema = z.object({
  sha: z.string().regex(SHA, "sha must be 40 or 64 hex characters"),
  authorName: z.string(),
  authorEmail: z.string(),
  authoredAt: z
    .string()
    .refine(
      (s) => parseGitDate(s) !== null,
      "authored_at must be a date with an offset, as git prints it (%aI, %ai or %aD)",
    ),
});

type GitCommitRow = z.infer<typeof gitCommitRowSchema>;

/** Fast hand check for the hot path; zod explains whatever it rejects. */
function checkRow(fields: string[]): { row: GitCommitRow; at: Date } | { reason: string } {
  if (fields.length < 4) return { reason: `expected 4 tab-separated fields, got ${fields.length}` };
  const candidate = { sha: fields[0], authorName: fields[1], authorEmail: fields[2], authoredAt: fields[3] };
  const at = parseGitDate(candidate.authoredAt);
  if (SHA.test(candidate.sha) && at) return { row: candidate, at };
  const result = gitCommitRowSchema.safeParse(candidate);
  if (result.success) return { reason: "unreadable commit line" };
  return { reason: result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
}

function isHeader(fields: string[]): boolean {
  return (
    fields.length >= GIT_TSV_HEADER.length &&
    GIT_TSV_HEADER.every((name, i) => fields[i].trim().toLowerCase() === name)
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
  /** The last commit, while the lines after it may still name its co-authors. */
  let previous: { sha: string; at: Date; authors: Set<string> } | null = null;

  const identityOnce = (externalId: string, email: string, name: string, records: IngestRecord[]) => {
    if (seenAuthors.has(externalId)) return;
    seenAuthors.add(externalId);
    records.push(gitIdentityRecord(externalId, email, name));
  };
  /** A co-author's share of the commit: a commit event of its own, keyed by the sha and the co-author. */
  const coAuthorEvents = (coAuthors: CoAuthor[], records: IngestRecord[]) => {
    const commit = previous!;
    for (const { name, email } of coAuthors) {
      const actor = gitIdentityKey(email, name);
      if (commit.authors.has(actor.externalId)) continue;
      commit.authors.add(actor.externalId);
      identityOnce(actor.externalId, email, name, records);
      const event: EventRecord = {
        kind: "event",
        source: "git",
        externalId: `${commit.sha}:co-author:${actor.externalId}`,
        actor,
        type: "commit",
        occurredAt: commit.at,
        channel,
        properties: { coAuthorOf: commit.sha },
      };
      records.push(event);
    }
  };

  for await (const { line, text } of readFileLines(file, options)) {
    if (text.length === 0) continue;
    const fields = text.split("\t");
    if (!sawFirstLine) {
      sawFirstLine = true;
      if (isHeader(fields)) continue;
      if (fields.length < 4 || !SHA.test(fields[0])) {
        throw new MalformedFileError(
          file,
          line,
          `not a git log: expected the header "${GIT_TSV_HEADER.join("\\t")}" or "sha<TAB>name<TAB>email<TAB>date" lines`,
        );
      }
    }
    if (fields.length === 1 && previous) {
      // `%(trailers:key=Co-authored-by,valueonly)` without a separator puts each value on its own line.
      const coAuthors = parseCoAuthors(text);
      if (coAuthors) {
        const records: IngestRecord[] = [];
        coAuthorEvents(coAuthors, records);
        yield { ok: true, line, records };
        continue;
      }
    }
    const checked = checkRow(fields);
    if ("reason" in checked) {
      previous = null;
      yield { ok: false, line, reason: checked.reason, raw: clip(text) };
      continue;
    }
    const { row, at } = checked;
    const actor = gitIdentityKey(row.authorEmail, row.authorName);
    const records: IngestRecord[] = [];
    identityOnce(actor.externalId, row.authorEmail, row.authorName, records);
    const sha = row.sha.toLowerCase();
    records.push({
      kind: "event",
      source: "git",
      externalId: sha,
      actor,
      type: "commit",
      occurredAt: at,
      channel,
    });
    previous = { sha, at, authors: new Set([actor.externalId]) };
    if (fields.length > 4) {
      const coAuthors = parseCoAuthors(fields.slice(4).join("\t"));
      if (coAuthors) coAuthorEvents(coAuthors, records);
    }
    yield { ok: true, line, records };
  }
}
