// A commit and its co-authors as records, the same whichever way the log was written (TSV lines or
// git's own `commit <sha>` blocks): so one history imported both ways is the same events.
import type { CoAuthor } from "./commit-fields";
import { gitIdentityKey, gitIdentityRecord } from "./git-identity";
import type { EventRecord, IngestRecord } from "../types";

export function commitRecorder(channel: string | null) {
  const seenAuthors = new Set<string>();
  /** The last commit, while the lines after it may still name its co-authors. */
  let previous: { sha: string; at: Date; authors: Set<string> } | null = null;

  const identityOnce = (externalId: string, email: string, name: string, records: IngestRecord[]) => {
    if (seenAuthors.has(externalId)) return;
    seenAuthors.add(externalId);
    records.push(gitIdentityRecord(externalId, email, name));
  };

  return {
    /** The commit event (externalId = the lower-cased sha), with its author's identity the first time. */
    commit(sha: string, name: string, email: string, at: Date, records: IngestRecord[]): void {
      const actor = gitIdentityKey(email, name);
      identityOnce(actor.externalId, email, name, records);
      const lower = sha.toLowerCase();
      records.push({
        kind: "event",
        source: "git",
        externalId: lower,
        actor,
        type: "commit",
        occurredAt: at,
        channel,
      });
      previous = { sha: lower, at, authors: new Set([actor.externalId]) };
    },
    /** A co-author's share of the last commit: a commit event of its own, keyed by the sha and the co-author. */
    coAuthors(coAuthors: CoAuthor[], records: IngestRecord[]): void {
      const commit = previous;
      if (!commit) return;
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
    },
    /** Lines after an unreadable commit name no one's co-authors. */
    forget(): void {
      previous = null;
    },
    get hasPrevious(): boolean {
      return previous !== null;
    },
  };
}
