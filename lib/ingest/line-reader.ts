// Shared stream helpers for the source parsers: open a file (gunzipping by magic bytes,
// not extension), decode it (UTF-8/UTF-16 by BOM, Windows-1252 on request) and read it line by
// line in bounded memory.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { MalformedFileError } from "./types";
import {
  detectEncoding,
  firstInvalidUtf8,
  INVALID_UTF8_HINT,
  lineOfByte,
  type ForcedEncoding,
} from "./text-encoding";

/** True when the file starts with the gzip magic bytes 1f 8b. */
export async function isGzipFile(file: string): Promise<boolean> {
  const handle = await open(file, "r");
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** A byte stream of the file's content, gunzipped when the file is gzip. */
export async function openMaybeGzip(file: string): Promise<Readable> {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  if (!(await isGzipFile(file))) return raw;
  const gunzip = createGunzip();
  // Errors on the raw stream would otherwise never reach the consumer of the gunzip stream.
  raw.on("error", (err) => gunzip.destroy(err));
  return raw.pipe(gunzip);
}

export interface TextLine {
  /** 1-based line number in the (decompressed) file. */
  line: number;
  text: string;
}

export interface TextReadOptions {
  /** Force the decoding of a file without a BOM (`--encoding windows-1252`); UTF-16 is found by its BOM. */
  encoding?: ForcedEncoding;
  /** Longest line (or CSV record) accepted, in characters. */
  maxLineChars?: number;
  /**
   * From the first line that is not UTF-8 on, read as `--encoding windows-1252` reads (line by line,
   * UTF-8 lines stay UTF-8) instead of refusing the file: a `git log` whose old commits were written in
   * Latin-1 without saying so. The UTF-8 lines before it decode the same either way, so the stretch read
   * strictly (the fast path) needs no second look.
   */
  latin1Fallback?: boolean;
}

/** How many bytes at the end of `bytes` begin a UTF-8 character that the next chunk completes. */
function incompleteUtf8Tail(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 3); i--) {
    const b = bytes[i];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    const have = bytes.length - i;
    return have < needed ? have : 0;
  }
  return 0;
}

/**
 * One line may not exceed this: a longer one is not a record of any format we read (a 2 GB
 * single-line file must fail fast, in bounded memory, not be buffered whole).
 */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

export function lineTooLong(file: string, line: number, max: number): MalformedFileError {
  return new MalformedFileError(
    file,
    line,
    `line longer than ${Math.round(max / 1024 / 1024)} MB: not a line-per-record file, or a record too large to import`,
  );
}

/** Past this many bytes without a newline, a forced-Windows-1252 line is decided as it stands. */
const MAX_UNDECIDED_BYTES = 4 * MAX_LINE_CHARS;

/**
 * Windows-1252 when forced, decided line by line: a line that is valid UTF-8 stays UTF-8. `git log`
 * prints old commits in the bytes they were written in, so one file mixes UTF-8 names with a few
 * Latin-1 ones; reading it all as Windows-1252 would store "José" as "JosÃ©" (and overwrite a name
 * an earlier import stored right). Windows-1252 text is almost never valid multi-byte UTF-8.
 */
function latin1OrUtf8Lines() {
  const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  const cp1252 = new TextDecoder("windows-1252", { ignoreBOM: true });
  const lineText = (bytes: Uint8Array) => {
    try {
      return utf8.decode(bytes);
    } catch {
      // `stream: true`: Node 20's one-shot decode of a Buffer reads 0x80-0x9f as Latin-1 (U+0080), not "€".
      return cp1252.decode(bytes, { stream: true });
    }
  };
  const linesText = (bytes: Uint8Array) => {
    try {
      return utf8.decode(bytes); // the common case: every line of this stretch is UTF-8
    } catch {
      let out = "";
      for (let start = 0; start < bytes.length;) {
        const nl = bytes.indexOf(10, start);
        const end = nl === -1 ? bytes.length : nl + 1;
        out += lineText(bytes.subarray(start, end));
        start = end;
      }
      return out;
    }
  };
  let carry: Buffer = Buffer.alloc(0);
  return {
    /** The text of the complete lines so far; a partial last line waits for its end. */
    decode(chunk: Buffer): string {
      const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const end = bytes.length > MAX_UNDECIDED_BYTES ? bytes.length : bytes.lastIndexOf(10) + 1;
      carry = Buffer.from(bytes.subarray(end));
      return end > 0 ? linesText(bytes.subarray(0, end)) : "";
    },
    end(): string {
      const rest = carry;
      carry = Buffer.alloc(0);
      return rest.length ? lineText(rest) : "";
    },
  };
}

/**
 * Decodes a byte stream to text chunks: UTF-8 (a BOM is dropped), UTF-16 LE/BE by BOM, or
 * Windows-1252 when forced (line by line: UTF-8 lines stay UTF-8). Invalid UTF-8 refuses the
 * file at its first bad line.
 */
export async function* decodeText(
  stream: Readable,
  file: string,
  options: TextReadOptions = {},
): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let mixed: ReturnType<typeof latin1OrUtf8Lines> | null = null;
  let strict = false;
  let lineAtChunkStart = 1;
  let previousTail: Buffer = Buffer.alloc(0);
  let head: Buffer | null = Buffer.alloc(0);
  for await (const raw of stream as AsyncIterable<Buffer | string>) {
    let chunk = typeof raw === "string" ? Buffer.from(raw) : raw;
    if (head) {
      // A BOM is up to 3 bytes: decide on the encoding only once that many have arrived.
      head = Buffer.concat([head, chunk]);
      if (head.length < 3) continue;
      chunk = head;
      head = null;
    }
    if (!decoder) {
      const found = detectEncoding(chunk);
      const name =
        found.name === "utf-8" && found.bomBytes === 0 && options.encoding === "windows-1252"
          ? "windows-1252"
          : found.name;
      strict = name === "utf-8";
      decoder = new TextDecoder(name, { fatal: strict, ignoreBOM: true });
      if (name === "windows-1252") mixed = latin1OrUtf8Lines();
      chunk = chunk.subarray(found.bomBytes);
    }
    if (mixed) {
      const text = mixed.decode(chunk);
      if (text.length) yield text;
      continue;
    }
    let text: string;
    try {
      text = decoder.decode(chunk, { stream: true });
    } catch {
      if (strict && options.latin1Fallback) {
        // The strict decoder held the start of a character split across chunks: hand it over too.
        mixed = latin1OrUtf8Lines();
        text = mixed.decode(Buffer.concat([previousTail, chunk]));
        if (text.length) yield text;
        continue;
      }
      const at = firstInvalidUtf8(chunk);
      const line = lineAtChunkStart + lineOfByte(chunk, at < 0 ? 0 : at) - 1;
      throw new MalformedFileError(file, line, "not valid UTF-8 text", INVALID_UTF8_HINT);
    }
    if (strict) for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lineAtChunkStart++;
    if (options.latin1Fallback)
      previousTail = Buffer.from(chunk.subarray(chunk.length - incompleteUtf8Tail(chunk)));
    if (text.length) yield text;
  }
  if (head?.length) {
    // A file of one or two bytes: the same rules, decided on what there is.
    const name =
      detectEncoding(head).name === "utf-8" && options.encoding === "windows-1252" ? "windows-1252" : "utf-8";
    if (name === "windows-1252") {
      const lines = latin1OrUtf8Lines();
      yield lines.decode(head) + lines.end();
      return;
    }
    try {
      yield new TextDecoder(name, { fatal: name === "utf-8" }).decode(head);
    } catch {
      throw new MalformedFileError(file, 1, "not valid UTF-8 text", INVALID_UTF8_HINT);
    }
    return;
  }
  if (mixed) {
    const rest = mixed.end();
    if (rest.length) yield rest;
    return;
  }
  if (decoder) {
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      if (strict && options.latin1Fallback) {
        yield new TextDecoder("windows-1252").decode(previousTail, { stream: true });
        return;
      }
      throw new MalformedFileError(
        file,
        lineAtChunkStart,
        "not valid UTF-8 text: the file ends inside a character",
        INVALID_UTF8_HINT,
      );
    }
    if (rest.length) yield rest;
  }
}

/**
 * Splits a byte stream into lines ("\n" or "\r\n"), decoded as `decodeText` does. A partial line
 * is kept as pieces (joined once), so a very long line costs linear time and at most
 * `maxLineChars` of memory before it is refused.
 */
export async function* readLines(
  stream: Readable,
  file: string,
  options: TextReadOptions = {},
): AsyncGenerator<TextLine> {
  const max = options.maxLineChars ?? MAX_LINE_CHARS;
  const pieces: string[] = [];
  let pendingChars = 0;
  let line = 0;
  const finishLine = (text: string) => (text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text);
  try {
    for await (const chunk of decodeText(stream, file, options)) {
      let start = 0;
      let nl = chunk.indexOf("\n");
      while (nl !== -1) {
        let text = chunk.slice(start, nl);
        if (start === 0 && pieces.length) {
          if (pendingChars + text.length > max) throw lineTooLong(file, line + 1, max);
          pieces.push(text);
          text = pieces.join("");
          pieces.length = 0;
          pendingChars = 0;
        } else if (text.length > max) throw lineTooLong(file, line + 1, max);
        line++;
        yield { line, text: finishLine(text) };
        start = nl + 1;
        nl = chunk.indexOf("\n", start);
      }
      if (start < chunk.length) {
        const rest = start === 0 ? chunk : chunk.slice(start);
        pendingChars += rest.length;
        if (pendingChars > max) throw lineTooLong(file, line + 1, max);
        pieces.push(rest);
      }
    }
  } catch (err) {
    if (err instanceof MalformedFileError) throw err;
    // A truncated or corrupt gzip stream is a broken file, not a bad row.
    throw new MalformedFileError(file, line + 1, `cannot read file: ${(err as Error).message}`);
  } finally {
    stream.destroy();
  }
  if (pieces.length) {
    line++;
    yield { line, text: finishLine(pieces.join("")) };
  }
}

/** Lines of a file, gunzipped if needed. */
export async function* readFileLines(file: string, options: TextReadOptions = {}): AsyncGenerator<TextLine> {
  yield* readLines(await openMaybeGzip(file), file, options);
}

/** The 1-based line of a JSON.parse error inside `text`, from the position V8 reports. */
export function jsonErrorLine(text: string, err: unknown): number {
  const message = err instanceof Error ? err.message : String(err);
  const lineMatch = /\(line (\d+) column \d+\)/.exec(message);
  if (lineMatch) return Number(lineMatch[1]);
  const posMatch = /at position (\d+)/.exec(message);
  if (!posMatch) return 1;
  const pos = Math.min(Number(posMatch[1]), text.length);
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < pos; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** Shortens a raw row for quarantine storage and error messages. */
export function clip(raw: string, max = 2000): string {
  return raw.length <= max ? raw : `${raw.slice(0, max)}…`;
}
