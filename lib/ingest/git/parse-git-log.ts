// Git history parser: the TSV export (header `sha author_name author_email authored_at`),
// `git log --no-merges --format='%H%x09%an%x09%ae%x09%aI'` output, plain `git log` (blocks), or
// GitHub's commit list as JSON.
// Columns after the fourth are ignored, except `Co-authored-by` trailer values (see commit-fields).
import { z } from "zod";
import { clip, readFileLines, type TextReadOptions } from "../line-reader";
import { MalformedFileError, type IngestRecord, type ParsedRow } from "../types";
import { parseCoAuthors, parseGitDate } from "./commit-fields";
import { commitRecorder } from "./commit-records";
import { commitsJsonRows, MAX_COMMITS_JSON_CHARS } from "./parse-git-commits-json";
import { notAGitLog, parsePrettyGitLog, PRETTY_COMMIT_LINE } from "./parse-git-pretty";

export const GIT_TSV_HEADER = ["sha", "author_name", "author_email", "authored_at"] as const;

export interface ParseGitLogOptions extends TextReadOptions {
  /** Repository name put on each commit event as its channel, e.g. "mautic/mautic". */
  repository?: string | null;
  /** Filled in as the file is read: merge commits left out (plain `git log` blocks only). */
  counts?: { merges: number };
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
 * time that author appears. A log in git's own block format (`commit <sha>` / `Author:` lines, as
 * plain `git log` prints it) is read by parsePrettyGitLog. A first line that is neither the header,
 * a commit line nor a `commit <sha>` block refuses the file, saying what it looks like.
 */
export async function* parseGitLog(
  file: string,
  options: ParseGitLogOptions = {},
): AsyncGenerator<ParsedRow> {
  const recorder = commitRecorder(options.repository ?? null);
  let sawFirstLine = false;
  const lines = readFileLines(file, options);

  for await (const { line, text } of lines) {
    if (text.length === 0) continue;
    const fields = text.split("\t");
    if (!sawFirstLine) {
      sawFirstLine = true;
      if (isHeader(fields)) continue;
      if (text.trimStart().startsWith("[")) {
        // GitHub's commit list, often pretty-printed: the whole document, then its commits.
        const parts = [text];
        let chars = text.length;
        for await (const next of lines) {
          chars += next.text.length + 1;
          if (chars > MAX_COMMITS_JSON_CHARS)
            throw new MalformedFileError(file, next.line, "a JSON array of commits larger than 64 MB");
          parts.push(next.text);
        }
        yield* commitsJsonRows(parts.join("\n"), file, recorder, options.counts ?? { merges: 0 });
        return;
      }
      if (PRETTY_COMMIT_LINE.test(text)) {
        // The rest of the file is read from the same line stream, by the block parser.
        yield* parsePrettyGitLog({ line, text }, lines, recorder, options.counts);
        return;
      }
      if (fields.length < 4 || !SHA.test(fields[0]))
        throw new MalformedFileError(file, line, notAGitLog(text));
    }
    if (fields.length === 1 && recorder.hasPrevious) {
      // `%(trailers:key=Co-authored-by,valueonly)` without a separator puts each value on its own line.
      const coAuthors = parseCoAuthors(text);
      if (coAuthors) {
        const records: IngestRecord[] = [];
        recorder.coAuthors(coAuthors, records);
        yield { ok: true, line, records };
        continue;
      }
    }
    const checked = checkRow(fields);
    if ("reason" in checked) {
      recorder.forget();
      yield { ok: false, line, reason: checked.reason, raw: clip(text) };
      continue;
    }
    const { row, at } = checked;
    const records: IngestRecord[] = [];
    recorder.commit(row.sha, row.authorName, row.authorEmail, at, records);
    if (fields.length > 4) {
      const coAuthors = parseCoAuthors(fields.slice(4).join("\t"));
      if (coAuthors) recorder.coAuthors(coAuthors, records);
    }
    yield { ok: true, line, records };
  }
}
