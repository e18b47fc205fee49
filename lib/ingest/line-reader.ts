// Shared stream helpers for the source parsers: open a file (gunzipping by magic bytes,
// not extension) and read it line by line without ever holding the whole file in memory.
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { MalformedFileError } from "./types";

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

/**
 * Splits a byte stream into lines ("\n" or "\r\n"), decoding UTF-8 across chunk
 * boundaries and dropping a leading BOM. Plain indexOf scanning: no regex per line.
 */
export async function* readLines(stream: Readable, file: string): AsyncGenerator<TextLine> {
  stream.setEncoding("utf8");
  let carry = "";
  let line = 0;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let buf = carry.length > 0 ? carry + chunk : chunk;
      if (line === 0 && buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
      let start = 0;
      let nl = buf.indexOf("\n", start);
      while (nl !== -1) {
        const end = nl > start && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        line++;
        yield { line, text: buf.slice(start, end) };
        start = nl + 1;
        nl = buf.indexOf("\n", start);
      }
      carry = buf.slice(start);
    }
  } catch (err) {
    if (err instanceof MalformedFileError) throw err;
    // A truncated or corrupt gzip stream is a broken file, not a bad row.
    throw new MalformedFileError(file, line + 1, `cannot read file: ${(err as Error).message}`);
  }
  if (carry.length > 0) {
    const text = carry.charCodeAt(carry.length - 1) === 13 ? carry.slice(0, -1) : carry;
    line++;
    yield { line, text };
  }
}

/** Lines of a file, gunzipped if needed. */
export async function* readFileLines(file: string): AsyncGenerator<TextLine> {
  yield* readLines(await openMaybeGzip(file), file);
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
