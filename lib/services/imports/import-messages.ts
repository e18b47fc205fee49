// Turns why an import failed into two sentences: one for the command line (its path, its flags)
// and one for the Imports page (the uploaded file's name, no server paths, no flags).
import path from "node:path";
import { MalformedFileError } from "@/lib/ingest/types";

export interface FailureMessages {
  cli: string;
  web: string;
}

/** Drops the folders of absolute paths inside a reason (an fs error quoting where a file lives). */
export function withoutServerPaths(text: string): string {
  return text.replace(/(^|[\s'"(`])\/(?:[^\s'"()`:/]+\/)+([^\s'"()`:/]*)/g, "$1$2");
}

/** The file name a web user knows: the upload's name for the file itself, a relative path for entries inside it. */
function webFileName(errorFile: string, input: string, displayName: string): string {
  if (errorFile === input) return displayName;
  if (errorFile.startsWith(`${input}/`)) return `${displayName}/${errorFile.slice(input.length + 1)}`;
  return path.isAbsolute(errorFile) ? path.basename(errorFile) : errorFile;
}

/** Null for an error nobody meant to explain (a bug, a lost database): the caller rethrows it. */
export function failureMessages(error: unknown, input: string, displayName: string): FailureMessages | null {
  if (!(error instanceof MalformedFileError)) return null;
  const where = (name: string) => (error.line > 0 ? `${name}:${error.line}` : name);
  return {
    cli: `${where(error.file)}: ${error.reason}${error.hint ? `; ${error.hint.cli}` : ""}`,
    web: `${where(webFileName(error.file, input, displayName))}: ${withoutServerPaths(error.reason)}${error.hint ? `; ${error.hint.web}` : ""}`,
  };
}

/**
 * The database troubles an admin can act on, in words (no hosts, no paths): a full disk, a lost
 * connection. Null for anything else, which is logged rather than shown.
 */
export function databaseTrouble(error: unknown): string | null {
  const text = error instanceof Error ? error.message : String(error);
  if (/no space left on device|could not extend file|53100/i.test(text))
    return "a full disk: the database server has no space left on device";
  if (
    /terminating connection|connection terminated|ECONNREFUSED|Can't reach database|57P01|server closed the connection/i.test(
      text,
    )
  ) {
    return "a lost database connection (the database server stopped or restarted)";
  }
  if (/erased or merged by someone else while this import ran/.test(text))
    return "members erased or merged by someone else while the import ran (run it again)";
  return null;
}
