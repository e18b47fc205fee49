// GitHub's list of a repository's commits (`gh api repos/OWNER/REPO/commits`, `--paginate`'s pages
// back to back, or `--slurp`'s array of them), read as a git log: the same commit events, keyed by sha, plus the GitHub login
// GitHub matched to the author's email, linked to the git identity.
import { concatenatedJson } from "../json-documents";
import { clip, jsonErrorLine } from "../line-reader";
import { MalformedFileError, type IngestRecord, type ParsedRow } from "../types";
import { parseCoAuthors } from "./commit-fields";
import type { commitRecorder } from "./commit-records";

/** A saved commit list is held whole: 64 MB is ~30,000 commits, far less than the heap. */
export const MAX_COMMITS_JSON_CHARS = 64 * 1024 * 1024;

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;
const CO_AUTHORED_BY = /^co-authored-by:\s*(.+)$/gim;

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

type Commit = {
  sha: string;
  name: string;
  email: string;
  at: Date;
  login: string | null;
  merge: boolean;
  message: string;
};

function readCommit(value: unknown): Commit | { reason: string } {
  if (!isObject(value) || typeof value.sha !== "string" || !SHA.test(value.sha))
    return { reason: "sha: expected a commit object with a 40-character sha" };
  const commit = value.commit;
  const author = isObject(commit) && isObject(commit.author) ? commit.author : null;
  if (!author) return { reason: "commit.author: missing" };
  const at = typeof author.date === "string" ? new Date(author.date) : null;
  if (!at || Number.isNaN(at.getTime())) return { reason: "commit.author.date: not a date" };
  const account = isObject(value.author) ? value.author : null;
  const login = account && typeof account.login === "string" && account.type !== "Bot" ? account.login : null;
  return {
    sha: value.sha,
    name: typeof author.name === "string" ? author.name : "",
    email: typeof author.email === "string" ? author.email : "",
    at,
    login,
    merge: Array.isArray(value.parents) && value.parents.length > 1,
    message: isObject(commit) && typeof commit.message === "string" ? commit.message : "",
  };
}

/** The commits of the document `text`; rows numbered by position in the (flattened) array. */
export function* commitsJsonRows(
  text: string,
  file: string,
  recorder: ReturnType<typeof commitRecorder>,
  counts: { merges: number },
): Generator<ParsedRow> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // `gh api --paginate` without --slurp: one array a page, back to back.
    value = concatenatedJson(text);
    if (!value)
      throw new MalformedFileError(file, jsonErrorLine(text, err), `not JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(value)) throw new MalformedFileError(file, 1, "expected a JSON array of commits");
  const commits = value.every(Array.isArray) ? value.flat() : value;
  if (commits.length > 0 && "reason" in readCommit(commits[0]))
    throw new MalformedFileError(
      file,
      1,
      "not a git log: a JSON array, but not of GitHub commits (`gh api repos/OWNER/REPO/commits`: objects with sha and commit.author)",
    );
  for (let i = 0; i < commits.length; i++) {
    const line = i + 1;
    const read = readCommit(commits[i]);
    if ("reason" in read) {
      yield { ok: false, line, reason: `[${i}].${read.reason}`, raw: clip(JSON.stringify(commits[i]) ?? "") };
      continue;
    }
    const records: IngestRecord[] = [];
    if (read.merge) {
      counts.merges++;
      yield { ok: true, line, records };
      continue;
    }
    recorder.commit(read.sha, read.name, read.email, read.at, records);
    const identity = records[0];
    if (read.login && identity?.kind === "identity" && !identity.isBot && !identity.linkedHandles)
      identity.linkedHandles = [{ source: "github", handle: read.login }];
    for (const m of read.message.matchAll(CO_AUTHORED_BY)) {
      const coAuthors = parseCoAuthors(m[1].trim());
      if (coAuthors) recorder.coAuthors(coAuthors, records);
    }
    yield { ok: true, line, records };
  }
}
