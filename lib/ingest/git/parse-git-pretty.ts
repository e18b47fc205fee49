// Plain `git log` output, git's own block formats: medium (the default), full, fuller and raw, with
// or without --stat, --numstat, --name-status, -p or --decorate. One block per commit, from its
// `commit <sha>` line: author and date from the header, Co-authored-by trailers from the message.
import { clip, type TextLine } from "../line-reader";
import type { IngestRecord, ParsedRow } from "../types";
import { parseCoAuthors, parseGitDate } from "./commit-fields";
import type { commitRecorder } from "./commit-records";

/** `commit <sha>`, then maybe ` (from <sha>)` (-m), ` (HEAD -> main, tag: v1)` (--decorate) or `\trefs/heads/x` (--source). */
export const PRETTY_COMMIT_LINE = /^commit ([0-9a-f]{40}|[0-9a-f]{64})(?:[ \t].*)?$/;

const PERSON = /^(.*?) ?<([^<>]*)>$/;
/** --pretty=raw: `author Name <email> 1729785275 +0200`. */
const RAW_PERSON = /^(.*?) ?<([^<>]*)> (\d{1,12}) ([+-]\d{4})$/;
/** git's default date format: `Thu Oct 24 17:54:35 2024 +0200`. */
const DEFAULT_DATE = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}:\d{2}:\d{2}) (\d{4}) ([+-]\d{4})$/;
const CO_AUTHORED_BY = /^co-authored-by:\s*(.+)$/i;

/** An author date as the block formats print it: git's default format, or any --date= that parseGitDate reads. */
export function parseBlockDate(text: string): Date | null {
  // --date=unix: seconds since the epoch (UTC by definition).
  if (/^\d{9,11}$/.test(text)) return new Date(Number(text) * 1000);
  const m = DEFAULT_DATE.exec(text);
  return parseGitDate(m ? `${m[2]} ${m[1]} ${m[4]} ${m[3]} ${m[5]}` : text);
}

interface Block {
  line: number;
  sha: string;
  merge: boolean;
  parents: number;
  name: string | null;
  email: string;
  at: Date | null;
  /** The date as written, when it could not be read. */
  badDate: string | null;
  coAuthors: { name: string; email: string }[];
  header: string[];
}

function headerField(block: Block, text: string): void {
  const colon = text.indexOf(":");
  const space = text.indexOf(" ");
  if (colon > 0 && (space === -1 || colon < space)) {
    const key = text.slice(0, colon);
    const value = text.slice(colon + 1).trim();
    if (key === "Merge") block.merge = true;
    else if (key === "Author") {
      const m = PERSON.exec(value);
      block.name = m ? m[1] : value;
      block.email = m ? m[2] : "";
    } else if (key === "Date" || key === "AuthorDate") {
      block.at = parseBlockDate(value);
      block.badDate = block.at ? null : value;
    }
    return;
  }
  if (text.startsWith("parent ")) {
    block.parents++;
    if (block.parents > 1) block.merge = true;
  } else if (text.startsWith("author ")) {
    const m = RAW_PERSON.exec(text.slice(7));
    if (m) {
      block.name = m[1];
      block.email = m[2];
      block.at = new Date(Number(m[3]) * 1000);
    }
  }
}

function blockRow(
  block: Block,
  recorder: ReturnType<typeof commitRecorder>,
  counts: { merges: number },
): ParsedRow {
  const raw = clip(block.header.join("\n"));
  if (block.name === null) {
    recorder.forget();
    return { ok: false, line: block.line, reason: "commit without an Author: line", raw };
  }
  if (!block.at) {
    recorder.forget();
    const reason = block.badDate
      ? `unreadable author date "${block.badDate}": use git's default date, --date=iso or --date=rfc (a date with its offset)`
      : "commit without an author date (git log --format=full prints none: use the default format, fuller or raw)";
    return { ok: false, line: block.line, reason, raw };
  }
  const records: IngestRecord[] = [];
  // A merge joins work already in the log; its author pressed the button (as with --no-merges).
  if (block.merge) {
    counts.merges++;
    return { ok: true, line: block.line, records };
  }
  recorder.commit(block.sha, block.name, block.email, block.at, records);
  if (block.coAuthors.length > 0) recorder.coAuthors(block.coAuthors, records);
  return { ok: true, line: block.line, records };
}

/**
 * Reads the blocks from `first` (a `commit <sha>` line) to the end of `rest`. Each block becomes
 * one row at its `commit` line; a block without an author or a readable author date is a bad row.
 * Trailers are read only from the message (the indented lines right after the header), never from
 * a diff or stat below it.
 */
export async function* parsePrettyGitLog(
  first: TextLine,
  rest: AsyncIterable<TextLine>,
  recorder: ReturnType<typeof commitRecorder>,
  counts: { merges: number } = { merges: 0 },
): AsyncGenerator<ParsedRow> {
  const start = (line: number, sha: string): Block => ({
    line,
    sha,
    merge: false,
    parents: 0,
    name: null,
    email: "",
    at: null,
    badDate: null,
    coAuthors: [],
    header: [],
  });
  let block = start(first.line, PRETTY_COMMIT_LINE.exec(first.text)![1]);
  block.header.push(first.text);
  let part: "header" | "message" | "tail" = "header";
  for await (const { line, text } of rest) {
    const commit = text.startsWith("commit ") ? PRETTY_COMMIT_LINE.exec(text) : null;
    if (commit) {
      yield blockRow(block, recorder, counts);
      block = start(line, commit[1]);
      block.header.push(text);
      part = "header";
      continue;
    }
    if (part === "header") {
      if (text.length === 0) part = "message";
      else if (!text.startsWith(" ")) {
        // Continuation lines of a raw header (gpgsig, mergetag) start with a space: skipped.
        block.header.push(text);
        headerField(block, text);
      }
      continue;
    }
    if (part === "message") {
      if (text.startsWith("    ")) {
        const trailer = CO_AUTHORED_BY.exec(text.slice(4).trim());
        const coAuthors = trailer ? parseCoAuthors(trailer[1]) : null;
        if (coAuthors) block.coAuthors.push(...coAuthors);
      } else if (text.length > 0) part = "tail";
    }
  }
  yield blockRow(block, recorder, counts);
}

/** Why a first line is not a git log, naming the git output it looks like when it is one. */
export function notAGitLog(text: string): string {
  const expected =
    'not a git log: expected the header "sha\\tauthor_name\\tauthor_email\\tauthored_at", "sha<TAB>name<TAB>email<TAB>date" lines or plain `git log` output';
  if (/^\s*\d+\t[^\t]+$/.test(text) || /^[^\t]+ \(\d+\):$/.test(text))
    return `${expected}; this is \`git shortlog\` output (commits counted per author, without the commits or their dates): give the log itself, e.g. git log > commits.txt`;
  if (/^[*|\\/ ]+commit [0-9a-f]{7,}/.test(text))
    return `${expected}; this is \`git log --graph\` output: export it without --graph`;
  if (/^"?sha"?[,;]/i.test(text) || /^[0-9a-f]{40}[,;]/i.test(text))
    return `${expected}; this is comma-separated: the columns must be separated by tabs (%x09 in git's --format)`;
  if (/^[0-9a-f]{40} .*@.* \d{4}-\d{2}-\d{2}/i.test(text))
    return `${expected}; its columns are separated by spaces: separate them by tabs (%x09 in git's --format)`;
  if (/^[0-9a-f]{7,40} \S/.test(text))
    return `${expected}; this is \`git log --oneline\` output, which names no author or date: export it without --oneline`;
  return expected;
}
