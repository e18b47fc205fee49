// Reads a zip archive one entry at a time with yauzl (lazyEntries), so an archive of any
// size is walked without inflating more than the entry being read.
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { MalformedFileError } from "./types";
import { detectEncoding, firstInvalidUtf8, INVALID_UTF8_HINT, lineOfByte } from "./text-encoding";

function openZip(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: true }, (err, zip) => {
      if (err || !zip)
        reject(
          new MalformedFileError(file, 0, `not a readable zip archive: ${err?.message ?? "unknown error"}`),
        );
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
    const onError = (err: Error) => (
      cleanup(),
      reject(new MalformedFileError(file, 0, `corrupt zip archive: ${err.message}`))
    );
    zip.on("entry", onEntry);
    zip.on("end", onEnd);
    zip.on("error", onError);
    zip.readEntry();
  });
}

export interface ZipEntryHandle {
  /** The entry's path inside the archive, with forward slashes. */
  path: string;
  /** As the archive claims it: never trusted for a limit (a zip bomb lies). */
  uncompressedSize: number;
  /** Inflates this one entry into text, refusing it once more than `maxBytes` have come out. */
  readText(maxBytes: number): Promise<string>;
}

/**
 * The entry's name. Zip names are CP437 unless flagged UTF-8 (or carrying Info-ZIP's Unicode path
 * field, which yauzl reads), but zip tools on Linux and macOS write UTF-8 names with neither mark:
 * yauzl then reads a Slack folder `日本語-chat` as `æ—¥æœ¬èªž-chat`, a different channel from the
 * unpacked export's. Unmarked names that are valid UTF-8 are read as UTF-8; CP437 text almost never is.
 */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function entryPath(entry: Entry): string {
  const raw = entry.fileNameRaw;
  const marked =
    (entry.generalPurposeBitFlag & 0x800) !== 0 || entry.extraFields.some((f) => f.id === 0x7075);
  if (marked || !raw || raw.every((b) => b < 0x80)) return entry.fileName;
  try {
    // yauzl checked the CP437 reading for absolute paths and `..`: the ASCII bytes are the same in both.
    return strictUtf8.decode(raw).replaceAll("\\", "/");
  } catch {
    return entry.fileName;
  }
}

/** Walks the archive's entries in order (directories skipped); each entry can be read before moving on. */
export async function* zipEntries(file: string): AsyncGenerator<ZipEntryHandle> {
  const zip = await openZip(file);
  try {
    for (let entry = await nextEntry(zip, file); entry; entry = await nextEntry(zip, file)) {
      if (entry.fileName.endsWith("/")) continue;
      const current = entry;
      const name = entryPath(current);
      yield {
        path: name,
        uncompressedSize: current.uncompressedSize,
        readText: (maxBytes: number) => readEntryText(zip, current, name, maxBytes),
      };
    }
  } finally {
    zip.close();
  }
}

export function entryTooLarge(file: string, maxBytes: number): MalformedFileError {
  return new MalformedFileError(
    file,
    0,
    `larger than ${Math.round(maxBytes / 1024 / 1024)} MB once inflated: not a file of a real export`,
  );
}

/**
 * Inflates one entry, counting the bytes as they come out (the header's size is the archive's
 * claim, not a fact), and decodes them as UTF-8 (BOM dropped; invalid UTF-8 refused). Every
 * failure, a thrown one inside a stream handler included, becomes a rejected MalformedFileError.
 */
function readEntryText(zip: ZipFile, entry: Entry, name: string, maxBytes: number): Promise<string> {
  if (entry.uncompressedSize > maxBytes) return Promise.reject(entryTooLarge(name, maxBytes));
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        reject(new MalformedFileError(name, 0, `cannot read zip entry: ${err?.message ?? "unknown error"}`));
        return;
      }
      const chunks: Buffer[] = [];
      let bytes = 0;
      let settled = false;
      const fail = (error: MalformedFileError) => {
        if (settled) return;
        settled = true;
        stream.destroy();
        reject(error);
      };
      stream.on("data", (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > maxBytes) fail(entryTooLarge(name, maxBytes));
        else chunks.push(chunk);
      });
      stream.on("error", (e) => fail(new MalformedFileError(name, 0, `corrupt zip entry: ${e.message}`)));
      stream.on("end", () => {
        if (settled) return;
        try {
          const text = decodeUtf8(Buffer.concat(chunks), name);
          settled = true;
          resolve(text);
        } catch (error) {
          fail(
            error instanceof MalformedFileError
              ? error
              : new MalformedFileError(name, 0, `cannot read zip entry: ${(error as Error).message}`),
          );
        }
      });
    });
  });
}

/** Whole-buffer UTF-8 decoding with the same rules as the line reader. */
export function decodeUtf8(bytes: Buffer, file: string): string {
  const { name, bomBytes } = detectEncoding(bytes);
  const body = bytes.subarray(bomBytes);
  if (name !== "utf-8") return new TextDecoder(name).decode(body);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    const at = firstInvalidUtf8(body);
    throw new MalformedFileError(
      file,
      lineOfByte(body, at < 0 ? body.length : at),
      "not valid UTF-8 text",
      INVALID_UTF8_HINT,
    );
  }
}
