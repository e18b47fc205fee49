// Text encodings the importers accept: UTF-8 (with or without BOM), UTF-16 LE/BE with a BOM, and
// Windows-1252 only when asked for. Invalid UTF-8 is refused naming its line, never stored mangled.

export type TextEncodingName = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

/** Encodings a person may force (`--encoding`); UTF-16 is recognised by its BOM alone. */
export const FORCED_ENCODINGS = ["utf-8", "windows-1252"] as const;
export type ForcedEncoding = (typeof FORCED_ENCODINGS)[number];

/** The encoding a file's first bytes announce (by BOM), and how many BOM bytes to skip. */
export function detectEncoding(head: Uint8Array): { name: TextEncodingName; bomBytes: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { name: "utf-8", bomBytes: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { name: "utf-16le", bomBytes: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { name: "utf-16be", bomBytes: 2 };
  return { name: "utf-8", bomBytes: 0 };
}

/** Byte offset of the first invalid UTF-8 sequence in `bytes`, or -1 (a sequence cut by the end is not invalid). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const len = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) {
      if (i + k >= bytes.length) return -1;
      const c = bytes[i + k];
      const lo = k === 1 && b === 0xe0 ? 0xa0 : k === 1 && b === 0xf0 ? 0x90 : 0x80;
      const hi = k === 1 && b === 0xed ? 0x9f : k === 1 && b === 0xf4 ? 0x8f : 0xbf;
      if (c < lo || c > hi) return i;
    }
    i += len;
  }
  return -1;
}

/** 1-based line of byte `offset`, counting "\n" bytes (valid in UTF-8 and Windows-1252). */
export function lineOfByte(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) line++;
  return line;
}

export const INVALID_UTF8_HINT = {
  cli: "if the file is Windows-1252 (Latin-1), pass --encoding windows-1252",
  web: "save the file as UTF-8 and upload it again",
};
