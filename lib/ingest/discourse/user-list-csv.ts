// Discourse's admin user list export (Admin → Users → Export, a zip holding `user-list-YYMMDD-HHMMSS-N.csv`): one row per
// account with its primary email, which the public JSON never gives. Each row is that account's `discourse` identity, keyed
// by its user id as posts and the connector key it, so the email joins the forum account to billing and the other sources.
import { open } from "node:fs/promises";
import path from "node:path";
import { parseIsoDate } from "../canonical/values";
import { zipEntries } from "../zip-reader";
import { csvRecordsOf } from "../canonical/csv-records";
import { discourseIdentity } from "@/lib/connectors/discourse/map";
import { clip, type TextLine } from "../line-reader";
import { MalformedFileError, type ParsedRow } from "../types";

/** The export's first columns, in Discourse's order (Jobs::ExportCsvFile user_list). */
export const isUserListHeader = (text: string): boolean => /^\uFEFF?id,name,username,email(,|$)/.test(text);

/** Discourse quotes a value holding a comma itself before CSV quotes it again: `"""Doe, Jane"""` reads `"Doe, Jane"`. */
const unwrap = (value: string | undefined): string | null => {
  const v = value?.trim() ?? "";
  return (v.length > 1 && v.startsWith('"') && v.endsWith('"') ? v.slice(1, -1) : v) || null;
};

/** Rows of a user list export: an identity per account, a bad row quarantined with its line and reason. */
export async function* parseDiscourseUserList(
  lines: AsyncIterable<TextLine>,
  file: string,
): AsyncGenerator<ParsedRow> {
  let columns: Map<string, number> | null = null;
  for await (const record of csvRecordsOf(lines, file, undefined, ",")) {
    if (!columns) {
      columns = new Map(record.fields.map((name, i) => [name.replace(/^\uFEFF/, "").trim(), i]));
      continue;
    }
    const cell = (name: string) => record.fields[columns!.get(name) ?? -1];
    const id = cell("id")?.trim() ?? "";
    const username = cell("username")?.trim();
    const bad = !/^-?\d+$/.test(id)
      ? `id: not a user id (${JSON.stringify(id)})`
      : !username
        ? "username: is required"
        : null;
    if (bad) {
      yield { ok: false, line: record.line, reason: bad, raw: clip(record.raw) };
      continue;
    }
    const createdAt = cell("created_at") ? parseIsoDate(cell("created_at")!) : null;
    const identity = {
      ...discourseIdentity({ user_id: Number(id), username, name: unwrap(cell("name")) }, cell("email")),
      firstSeenAt: createdAt,
      profile: {
        trustLevel: cell("trust_level") ? Number(cell("trust_level")) : null,
        admin: cell("admin") === "true",
        moderator: cell("moderator") === "true",
        staged: cell("staged") === "true",
      },
    };
    yield { ok: true, line: record.line, records: [identity] };
  }
  if (!columns) throw new MalformedFileError(file, 1, "no header row");
}

/** True when the file is a zip archive (Discourse hands its exports out zipped). */
export async function isZipFile(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    await handle.close();
  }
}

/** The user list inside the zip Discourse sends (`user-list-….csv`), its errors naming `archive.zip:entry.csv`. */
export async function* parseZippedUserList(file: string, maxBytes: number): AsyncGenerator<ParsedRow> {
  for await (const entry of zipEntries(file)) {
    if (!entry.path.toLowerCase().endsWith(".csv")) continue;
    const name = `${path.basename(file)}:${entry.path}`;
    const text = (await entry.readText(maxBytes)).replace(/^\uFEFF/, "");
    const lines = text.split("\n").map((t, i) => ({ line: i + 1, text: t.replace(/\r$/, "") }));
    if (!isUserListHeader(lines[0]?.text ?? ""))
      throw new MalformedFileError(
        name,
        1,
        "not a Discourse user list export (header `id,name,username,email,…`)",
      );
    yield* parseDiscourseUserList(
      (async function* () {
        yield* lines.filter((l) => l.text.length > 0);
      })(),
      name,
    );
    return;
  }
  throw new MalformedFileError(
    path.basename(file),
    1,
    "a zip holding no CSV: Discourse's user list export is a zip of one CSV",
  );
}
