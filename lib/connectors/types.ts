// What every connector needs from the database side, and gives back: pages of canonical records
// committed together with the stream's new cursor. Connectors do network I/O only; the caller owns
// transactions, so none is ever held open across a request.
import type { IngestRecord } from "@/lib/ingest/types";

export type ConnectorKind = "slack" | "github" | "discourse";
export const CONNECTOR_KINDS: readonly ConnectorKind[] = ["slack", "github", "discourse"];

/** A stream's saved position; each connector defines its own fields (all JSON). */
export type StreamState = Record<string, string | number | boolean | null>;

export interface SyncContext {
  /** Nothing older than this is fetched on a first sync (the backfill horizon). */
  horizon: Date;
  /** The saved state of a stream, or null before its first page. */
  state(streamKey: string): Promise<StreamState | null>;
  /** Writes the records and the stream's next state in one transaction, then returns. */
  commit(streamKey: string, records: IngestRecord[], next: StreamState, fetched: number): Promise<void>;
  /** How many streams this run walks (for the progress bar), and when one is finished. */
  planStreams(count: number): Promise<void>;
  streamDone(): Promise<void>;
}

/** Error whose message is already plain words for the Settings page. */
export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly code: "auth" | "not_found" | "config" | "remote",
  ) {
    super(message);
    this.name = "ConnectorError";
  }
}
