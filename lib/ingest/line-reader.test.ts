import { writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { tempDir } from "./__fixtures__/test-helpers";
import { isGzipFile, jsonErrorLine, readFileLines, readLines } from "./line-reader";
import { MalformedFileError } from "./types";

async function lines(stream: Readable) {
  const out: [number, string][] = [];
  for await (const { line, text } of readLines(stream, "test")) out.push([line, text]);
  return out;
}

describe("readLines", () => {
  it("splits across chunk boundaries, strips CRLF and a BOM, keeps a last line without newline", async () => {
    const chunks = ["\uFEFFal", "pha\r\nbe", "ta\n\ngam", "ma"].map((s) => Buffer.from(s));
    expect(await lines(Readable.from(chunks))).toEqual([
      [1, "alpha"],
      [2, "beta"],
      [3, ""],
      [4, "gamma"],
    ]);
  });

  it("decodes a multi-byte character split between chunks", async () => {
    const bytes = Buffer.from("Vooremäe\nø\n");
    const cut = bytes.indexOf(0xc3) + 1;
    expect(await lines(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]))).toEqual([
      [1, "Vooremäe"],
      [2, "ø"],
    ]);
  });

  it("gunzips by magic bytes, not by name", async () => {
    const dir = await tempDir();
    const gz = path.join(dir, "plain-name.txt");
    await writeFile(gz, gzipSync("one\ntwo\n"));
    expect(await isGzipFile(gz)).toBe(true);
    const out: string[] = [];
    for await (const { text } of readFileLines(gz)) out.push(text);
    expect(out).toEqual(["one", "two"]);
  });
});

describe("jsonErrorLine", () => {
  it("finds the line of a JSON.parse error", () => {
    const text = '[\n  {"a": 1},\n  {oops}\n]';
    let error: unknown;
    try {
      JSON.parse(text);
    } catch (e) {
      error = e;
    }
    expect(jsonErrorLine(text, error)).toBe(3);
  });
});

async function decoded(bytes: Buffer, options: Parameters<typeof readLines>[2] = {}, chunkSize = 5) {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) chunks.push(bytes.subarray(i, i + chunkSize));
  const out: string[] = [];
  for await (const { text } of readLines(Readable.from(chunks), "f.txt", options)) out.push(text);
  return out;
}

describe("readLines: encodings", () => {
  const text = "José Müller\nŁódź 😀\n";
  it.each([
    ["UTF-8", Buffer.from(text)],
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ["UTF-16 LE with BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])],
    ["UTF-16 BE with BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()])],
  ])("reads %s, split into 5-byte chunks", async (_name, bytes) => {
    expect(await decoded(bytes)).toEqual(["José Müller", "Łódź 😀"]);
  });

  it.each([1, 3, 7, 4096])(
    "refuses invalid UTF-8 naming its line (chunks of %i bytes)",
    async (chunkSize) => {
      const bytes = Buffer.concat([
        Buffer.from("ok\nfine\nstill fine\n"),
        Buffer.from("Jos\xe9\n", "latin1"),
        Buffer.from("after\n"),
      ]);
      const error = await decoded(bytes, {}, chunkSize).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MalformedFileError);
      expect(error).toMatchObject({ file: "f.txt", line: 4, reason: "not valid UTF-8 text" });
    },
  );

  it("applies the same rules to a file of one or two bytes", async () => {
    await expect(decoded(Buffer.from([0xe9]))).rejects.toMatchObject({
      line: 1,
      reason: "not valid UTF-8 text",
    });
    expect(await decoded(Buffer.from([0xe9]), { encoding: "windows-1252" })).toEqual(["é"]);
    expect(await decoded(Buffer.from("ok"))).toEqual(["ok"]);
  });

  it("reads forced Windows-1252 line by line, keeping UTF-8 lines (git log mixes both)", async () => {
    const bytes = Buffer.concat([
      Buffer.from("a\tJosé Müller\tjose@acme.io\r\n", "utf8"),
      Buffer.from("b\tJos\xe9 Latin \x80\n", "latin1"),
      Buffer.from("c\t田中 太郎\n", "utf8"),
      Buffer.from("d\tFran\xe7ois", "latin1"),
    ]);
    const expected = ["a\tJosé Müller\tjose@acme.io", "b\tJosé Latin €", "c\t田中 太郎", "d\tFrançois"];
    // Chunks of 5 bytes split characters and lines; one chunk holds them all.
    expect(await decoded(bytes, { encoding: "windows-1252" })).toEqual(expected);
    expect(await decoded(bytes, { encoding: "windows-1252" }, bytes.length)).toEqual(expected);
    expect(await decoded(Buffer.from("\xe9", "latin1"), { encoding: "windows-1252" })).toEqual(["é"]);
  });

  it.each([1, 2, 3, 5, 7, 4096])(
    "with latin1Fallback, switches to that reading at the first Latin-1 line (chunks of %i bytes)",
    async (chunkSize) => {
      // curl's `git log`: UTF-8 throughout, then a 2011 message in Latin-1 ("Storsjö"), then UTF-8 again.
      const bytes = Buffer.concat([
        Buffer.from("Author: Daniel Stenberg <daniel@haxx.se>\n    Łódź 😀 ö\n", "utf8"),
        Buffer.from("    Thanks to Martin Storsj\xf6\n", "latin1"),
        Buffer.from("Author: Lukáš Zaoral\n", "utf8"),
        Buffer.from("end \xe9", "latin1"),
      ]);
      expect(await decoded(bytes, { latin1Fallback: true }, chunkSize)).toEqual([
        "Author: Daniel Stenberg <daniel@haxx.se>",
        "    Łódź 😀 ö",
        "    Thanks to Martin Storsjö",
        "Author: Lukáš Zaoral",
        "end é",
      ]);
      await expect(decoded(bytes, {}, chunkSize)).rejects.toMatchObject({ line: 3 });
    },
  );

  it("reads Windows-1252 only when told to", async () => {
    expect(
      await decoded(Buffer.from("Jos\xe9 M\xfcller \x80\n", "latin1"), { encoding: "windows-1252" }),
    ).toEqual(["José Müller €"]);
  });

  it("refuses a line longer than the cap, in pieces, naming its line", async () => {
    const bytes = Buffer.from(`short\n${"x".repeat(5000)}\nnever\n`);
    await expect(decoded(bytes, { maxLineChars: 4096 }, 100)).rejects.toMatchObject({
      line: 2,
      reason: expect.stringMatching(/^line longer than/),
    });
    expect((await decoded(bytes, { maxLineChars: 8192 }, 100))[1]).toHaveLength(5000);
  });
});
