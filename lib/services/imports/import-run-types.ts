// What an import is asked to do and what it answers: shared by the run, its job and its progress reports.
import type { ForcedEncoding } from "@/lib/ingest/text-encoding";
import type { ImportSource } from "./sources";
import type { BillingLinkReport, IdentityLinkSummary } from "./link-report";

export interface ImportOptions {
  source: ImportSource;
  file: string;
  /** Name shown in the history (the uploaded file's name); defaults to the path's base name. */
  displayName?: string;
  kind?: string;
  repository?: string;
  /** Decoding of a file without a BOM: UTF-8 (the default) or, when asked, Windows-1252. */
  encoding?: ForcedEncoding;
  /** Slack: refuse the whole export when a day file is broken instead of setting that file aside. */
  strict?: boolean;
  actor?: { id: number; email: string } | null;
  importRunId?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImportProgress {
  read: number;
  imported: number;
  duplicates: number;
  quarantined: number;
  fraction: number | null;
}

export interface FileSetAside {
  file: string;
  line: number;
  reason: string;
}

export interface ImportSummary extends ImportProgress {
  importRunId: number;
  status: "succeeded" | "failed";
  /** Why it failed, for the command line; the stored run holds the same sentence worded for the web page. */
  error: string | null;
  membersCreated: number;
  identitiesLinked: number;
  billing: BillingLinkReport | null;
  /** How well the sources are joined after this import (members across sources, unlinked customers, suggestions). */
  identities?: IdentityLinkSummary;
  /** Files of a multi-file export (Slack day files) set aside whole while the rest landed. */
  filesSetAside: FileSetAside[];
  extra?: Record<string, unknown>;
}
