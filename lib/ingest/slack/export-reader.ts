// Reads a Slack export from a .zip or an unpacked folder the same way: first the small
// metadata files (users.json, channels.json, ...), then each CHANNEL/YYYY-MM-DD.json in turn.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { zipEntries } from "../zip-reader";
import { MalformedFileError } from "../types";

export const SLACK_METADATA_FILES = ["users.json", "channels.json", "groups.json", "mpims.json", "dms.json"] as const;
export type SlackMetadataName = (typeof SLACK_METADATA_FILES)[number];

export interface SlackTextFile {
  /** Path named in errors: the entry path inside a zip, or the file path of an unpacked export. */
  file: string;
  text: string;
}

export interface SlackDayFile extends SlackTextFile {
  /** The channel's folder name (a channel name, an mpim name, or a DM id). */
  folder: string;
  date: string;
}

export interface SlackExportReader {
  readMetadata(): Promise<Map<SlackMetadataName, SlackTextFile>>;
  dayFiles(): AsyncGenerator<SlackDayFile>;
}

/** One day file may not exceed this when inflated; a bigger one is not a Slack export. */
const MAX_DAY_FILE_BYTES = 512 * 1024 * 1024;

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

function isMetadataName(name: string): name is SlackMetadataName {
  return (SLACK_METADATA_FILES as readonly string[]).includes(name);
}

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
        candidates.set(entry.path, await entry.readText());
      }
      root = candidates.has("users.json") ? "" : ([...candidates.keys()].find((p) => p.endsWith("/users.json"))?.slice(0, -10) ?? "");
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
        if (entry.uncompressedSize > MAX_DAY_FILE_BYTES) {
          throw new MalformedFileError(entry.path, 0, `day file of ${entry.uncompressedSize} bytes is too large`);
        }
        yield { ...day, file: entry.path, text: await entry.readText() };
      }
    },
  };
}

function folderReader(dir: string): SlackExportReader {
  return {
    async readMetadata() {
      const found = new Map<SlackMetadataName, SlackTextFile>();
      for (const name of SLACK_METADATA_FILES) {
        const file = path.join(dir, name);
        try {
          found.set(name, { file, text: await readFile(file, "utf8") });
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
        }
      }
      return found;
    },
    async *dayFiles() {
      const folders = (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
      for (const folder of folders) {
        const names = (await readdir(path.join(dir, folder))).sort();
        for (const name of names) {
          const day = parseDayFilePath(`${folder}/${name}`);
          if (!day) continue;
          const file = path.join(dir, folder, name);
          const { size } = await stat(file);
          if (size > MAX_DAY_FILE_BYTES) throw new MalformedFileError(file, 0, `day file of ${size} bytes is too large`);
          yield { ...day, file, text: await readFile(file, "utf8") };
        }
      }
    },
  };
}

/** A reader for the export at `exportPath`: a folder, or a zip archive (any other file is refused). */
export async function openSlackExport(exportPath: string): Promise<SlackExportReader> {
  const info = await stat(exportPath);
  return info.isDirectory() ? folderReader(exportPath) : zipReader(exportPath);
}
