// Reads a zip archive one entry at a time with yauzl (lazyEntries), so an archive of any
// size is walked without inflating more than the entry being read.
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { MalformedFileError } from "./types";

function openZip(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: true }, (err, zip) => {
      if (err || !zip) reject(new MalformedFileError(file, 0, `not a readable zip archive: ${err?.message ?? "unknown error"}`));
      else resolve(zip);
    });
  });
}

function nextEntry(zip: ZipFile, file: string): Promise<Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off("entry", onEntry);
      zip.off("end", onEnd);
      zip.off("error", onError);
    };
    const onEntry = (entry: Entry) => (cleanup(), resolve(entry));
    const onEnd = () => (cleanup(), resolve(null));
    const onError = (err: Error) => (cleanup(), reject(new MalformedFileError(file, 0, `corrupt zip archive: ${err.message}`)));
    zip.on("entry", onEntry);
    zip.on("end", onEnd);
    zip.on("error", onError);
    zip.readEntry();
  });
}

export interface ZipEntryHandle {
  /** The entry's path inside the archive, with forward slashes. */
  path: string;
  uncompressedSize: number;
  /** Inflates this one entry into a UTF-8 string. */
  readText(): Promise<string>;
}

/** Walks the archive's entries in order (directories skipped); each entry can be read before moving on. */
export async function* zipEntries(file: string): AsyncGenerator<ZipEntryHandle> {
  const zip = await openZip(file);
  try {
    for (let entry = await nextEntry(zip, file); entry; entry = await nextEntry(zip, file)) {
      if (entry.fileName.endsWith("/")) continue;
      const current = entry;
      yield {
        path: current.fileName,
        uncompressedSize: current.uncompressedSize,
        readText: () => readEntryText(zip, current),
      };
    }
  } finally {
    zip.close();
  }
}

function readEntryText(zip: ZipFile, entry: Entry): Promise<string> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        reject(new MalformedFileError(entry.fileName, 0, `cannot read zip entry: ${err?.message ?? "unknown error"}`));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", (e) => reject(new MalformedFileError(entry.fileName, 0, `corrupt zip entry: ${e.message}`)));
      stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    });
  });
}
