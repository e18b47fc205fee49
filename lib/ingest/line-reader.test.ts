import { writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { tempDir } from "./__fixtures__/test-helpers";
import { isGzipFile, jsonErrorLine, readFileLines, readLines } from "./line-reader";

async function lines(stream: Readable) {
  const out: [number, string][] = [];
  for await (const { line, text } of readLines(stream, "test")) out.push([line, text]);
  return out;
}

describe("readLines", () => {
  it("splits across chunk boundaries, strips CRLF and a BOM, keeps a last line without newline", async () => {
    const chunks = ["\uFEFFal", "pha\r\nbe", "ta\n\ngam", "ma"].map((s) => Buffer.from(s));
    expect(await lines(Readable.from(chunks))).toEqual([[1, "alpha"], [2, "beta"], [3, ""], [4, "gamma"]]);
  });

  it("decodes a multi-byte character split between chunks", async () => {
    const bytes = Buffer.from("Vooremäe\nø\n");
    const cut = bytes.indexOf(0xc3) + 1;
    expect(await lines(Readable.from([bytes.subarray(0, cut), bytes.subarray(cut)]))).toEqual([[1, "Vooremäe"], [2, "ø"]]);
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
