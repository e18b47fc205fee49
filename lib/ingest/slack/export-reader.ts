// Reads a Slack export from a .zip or an unpacked folder the same way: first the small
// metadata files (users.json, channels.json, ...), then each CHANNEL/YYYY-MM-DD.json in turn.
import { open, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { decodeUtf8, entryTooLarge, zipEntries } from "../zip-reader";
import { MalformedFileError } from "../types";

export const SLACK_METADATA_FILES = [
  "users.json",
  // An Enterprise Grid org export lists its people here (same user objects as users.json).
  "org_users.json",
  "channels.json",
  "groups.json",
  "mpims.json",
  "dms.json",
] as const;
export type SlackMetadataName = (typeof SLACK_METADATA_FILES)[number];

export interface SlackTextFile {
  /** Path named in errors: the entry path inside a zip, or the file path of an unpacked export. */
  file: string;
  text: string;
}

export interface SlackDayFile {
  /** Path named in errors, relative to the export. */
  file: string;
  /** The channel's folder name (a channel name, an mpim name, or a DM id). */
  folder: string;
  date: string;
  /** The file's text, or why it could not be read (too large, not UTF-8, corrupt entry). */
  content: { text: string } | { error: MalformedFileError };
}

export interface SlackExportReader {
  readMetadata(): Promise<Map<SlackMetadataName, SlackTextFile>>;
  dayFiles(): AsyncGenerator<SlackDayFile>;
}

/**
 * Byte caps, counted as the bytes come out (never the size an archive claims): a real day file
 * holds one channel's day (kilobytes); users.json of a 100k-member workspace is tens of MB. The
 * whole file is held as one string, so the caps also keep the CLI's 320 MB heap safe.
 */
export const MAX_DAY_FILE_BYTES = 32 * 1024 * 1024;
export const MAX_METADATA_FILE_BYTES = 64 * 1024 * 1024;

/** Splits "<root>CHANNEL/YYYY-MM-DD.json" into folder and date, else null. Linear checks, no regex. */
export function parseDayFilePath(relative: string): { folder: string; date: string } | null {
  const slash = relative.lastIndexOf("/");
  if (slash <= 0 || relative.indexOf("/") !== slash) return null;
  const name = relative.slice(slash + 1);
  if (name.length !== 15 || !name.endsWith(".json")) return null;
  const date = name.slice(0, 10);
  for (let i = 0; i < 10; i++) {
    const c = date.charCodeAt(i);
    const isDash = i === 4 || i === 7;
    if (isDash ? c !== 45 : c < 48 || c > 57) return null;
  }
  return { folder: relative.slice(0, slash), date };
}

async function readOrExplain(read: () => Promise<string>): Promise<SlackDayFile["content"]> {
  try {
    return { text: await read() };
  } catch (error) {
    if (error instanceof MalformedFileError) return { error };
    throw error;
  }
}

/** Reads at most `maxBytes` (+1, to know it is over) of a file: its size on disk could change under us. */
async function readFileCapped(file: string, name: string, maxBytes: number): Promise<string> {
  const handle = await open(file, "r");
  try {
    const buf = Buffer.alloc(Math.min(maxBytes + 1, (await handle.stat()).size + 1));
    let filled = 0;
    for (let n = -1; n !== 0 && filled < buf.length; filled += n)
      n = (await handle.read(buf, filled, buf.length - filled, filled)).bytesRead;
    if (filled > maxBytes) throw entryTooLarge(name, maxBytes);
    return decodeUtf8(buf.subarray(0, filled), name);
  } finally {
    await handle.close();
  }
}

function isMetadataName(name: string): name is SlackMetadataName {
  return (SLACK_METADATA_FILES as readonly string[]).includes(name);
}

/** The files whose folder is the export's root, in order: the people list, else the channel list. */
const ROOT_MARKERS = ["users.json", "org_users.json", "channels.json"];

function zipReader(file: string): SlackExportReader {
  // Hand-zipped exports often wrap everything in one top folder; its users.json sets the root.
  let root = "";
  return {
    async readMetadata() {
      const candidates = new Map<string, string>();
      for await (const entry of zipEntries(file)) {
        if (entry.path.startsWith("__MACOSX/")) continue;
        const parts = entry.path.split("/");
        if (parts.length > 2 || !isMetadataName(parts[parts.length - 1])) continue;
        candidates.set(entry.path, await entry.readText(MAX_METADATA_FILE_BYTES));
      }
      const marker = ROOT_MARKERS.flatMap((name) =>
        [...candidates.keys()]
          .filter((p) => p === name || p.endsWith(`/${name}`))
          .sort((a, b) => a.length - b.length),
      )[0];
      root = marker ? marker.slice(0, marker.lastIndexOf("/") + 1) : "";
      const found = new Map<SlackMetadataName, SlackTextFile>();
      for (const name of SLACK_METADATA_FILES) {
        const text = candidates.get(`${root}${name}`);
        if (text !== undefined) found.set(name, { file: `${root}${name}`, text });
      }
      return found;
    },
    async *dayFiles() {
      for await (const entry of zipEntries(file)) {
        if (!entry.path.startsWith(root)) continue;
        const day = parseDayFilePath(entry.path.slice(root.length));
        if (!day) continue;
        yield {
          ...day,
          file: entry.path,
          content: await readOrExplain(() => entry.readText(MAX_DAY_FILE_BYTES)),
        };
      }
    },
  };
}

function folderReader(dir: string): SlackExportReader {
  return {
    async readMetadata() {
      const found = new Map<SlackMetadataName, SlackTextFile>();
      for (const name of SLACK_METADATA_FILES) {
        try {
          found.set(name, {
            file: name,
            text: await readFileCapped(path.join(dir, name), name, MAX_METADATA_FILE_BYTES),
          });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
        }
      }
      return found;
    },
    async *dayFiles() {
      const folders = (await readdir(dir, { withFileTypes: true }))
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort();
      for (const folder of folders) {
        const names = (await readdir(path.join(dir, folder))).sort();
        for (const name of names) {
          const day = parseDayFilePath(`${folder}/${name}`);
          if (!day) continue;
          const file = `${folder}/${name}`;
          yield {
            ...day,
            file,
            content: await readOrExplain(() =>
              readFileCapped(path.join(dir, folder, name), file, MAX_DAY_FILE_BYTES),
            ),
          };
        }
      }
    },
  };
}

/**
 * The folder holding the export: `dir` itself, or its only subfolder when that holds users.json
 * (or org_users.json, or channels.json): unzipping an archive whose contents sit in one top folder
 * gives such a folder, as zips are read.
 */
async function exportRoot(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true });
  if (entries.some((e) => ROOT_MARKERS.includes(e.name))) return dir;
  const folders = entries.filter((e) => e.isDirectory() && e.name !== "__MACOSX");
  if (folders.length !== 1) return dir;
  const inner = path.join(dir, folders[0].name);
  return (await readdir(inner)).some((name) => ROOT_MARKERS.includes(name)) ? inner : dir;
}

/** A reader for the export at `exportPath`: a folder, or a zip archive (any other file is refused). */
export async function openSlackExport(exportPath: string): Promise<SlackExportReader> {
  const info = await stat(exportPath);
  return info.isDirectory() ? folderReader(await exportRoot(exportPath)) : zipReader(exportPath);
}

/** Why `exportPath` is no export: one channel's folder of day files is named as such. */
export async function notAnExport(exportPath: string): Promise<string> {
  const info = await stat(exportPath);
  const names = info.isDirectory() ? await readdir(exportPath) : [];
  if (names.some((name) => parseDayFilePath(`x/${name}`) !== null))
    return "one channel's folder of day files, not a whole Slack export: import the export (the folder holding users.json and channels.json, or the .zip)";
  return "not a Slack export: users.json not found";
}
