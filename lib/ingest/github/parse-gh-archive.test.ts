import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { collect, countByType, FIXTURES, tempDir } from "../__fixtures__/test-helpers";
import { MalformedFileError } from "../types";
import { parseGhArchive } from "./parse-gh-archive";

const SAMPLE = path.join(FIXTURES, "gharchive-sample.jsonl");
const EXPECTED_COUNTS = {
  push: 2,
  pr_opened: 1,
  pr_merged: 1,
  pr_review: 1,
  pr_review_comment: 1,
  issue_opened: 1,
  issue_comment: 2,
  star: 1,
  fork: 1,
  create: 1,
  release: 1,
};

describe("parseGhArchive", () => {
  let result: Awaited<ReturnType<typeof collect>>;
  beforeAll(async () => {
    result = await collect(parseGhArchive(SAMPLE));
  });

  it("maps event types with exact counts and skips the rest", () => {
    expect(countByType(result.events)).toEqual(EXPECTED_COUNTS);
  });

  it("uses the archive id as externalId and the repo as channel", () => {
    const push = result.events.find((e) => e.externalId === "30000000001");
    expect(push).toMatchObject({
      source: "github",
      type: "push",
      channel: "acme/widgets",
      actor: { source: "github", externalId: "583231" },
      properties: { commits: 3 },
    });
    expect(push?.occurredAt.toISOString()).toBe("2024-03-01T10:00:00.000Z");
    expect(result.events.find((e) => e.externalId === "30000000018")?.properties).toMatchObject({
      commits: 2,
    });
  });

  it("credits a merge to the PR author and keeps who merged it", () => {
    const merged = result.events.find((e) => e.type === "pr_merged");
    expect(merged).toMatchObject({
      externalId: "30000000003",
      actor: { externalId: "1001" },
      properties: { number: 42, merged_by: "mona" },
    });
  });

  it("gives low weights to stars, forks, tags and releases only", () => {
    const weights = Object.fromEntries(
      result.events.filter((e) => e.weight !== undefined).map((e) => [e.type, e.weight]),
    );
    expect(weights).toEqual({ star: 0.1, fork: 0.25, create: 0.25, release: 0.5 });
  });

  it("emits each account's identity once, marking [bot] logins", () => {
    const byHandle = new Map(result.identities.map((i) => [i.handle, i]));
    expect([...byHandle.keys()].sort()).toEqual([
      "alice-a",
      "bobthebuilder",
      "dependabot[bot]",
      "forker",
      "github-actions[bot]",
      "mona",
      "octocat",
      "stargazer",
    ]);
    expect(result.identities).toHaveLength(8);
    expect(byHandle.get("dependabot[bot]")).toMatchObject({
      source: "github",
      externalId: "49699333",
      isBot: true,
    });
    expect(byHandle.get("github-actions[bot]")?.isBot).toBe(true);
    expect(byHandle.get("octocat")).toMatchObject({ externalId: "583231", isBot: false });
  });

  it("quarantines unreadable lines and rows with bad fields", () => {
    expect(result.bad.map((b) => b.line)).toEqual([16, 17]);
    expect(result.bad[0].reason).toMatch(/created_at/);
    expect(result.bad[1].reason).toMatch(/invalid JSON/);
  });

  it("reads a gzipped copy (by magic bytes, whatever the name) identically", async () => {
    const dir = await tempDir();
    const gz = path.join(dir, "2024-03-01-10.json");
    await writeFile(gz, gzipSync(await readFile(SAMPLE)));
    const fromGzip = await collect(parseGhArchive(gz));
    expect(fromGzip.rows).toEqual(result.rows);
  });

  it("refuses a file whose first line is not a JSON event, naming file and line", async () => {
    const dir = await tempDir();
    const csv = path.join(dir, "events.csv");
    await writeFile(csv, "\nid,type,actor\n1,PushEvent,octocat\n");
    const error = await collect(parseGhArchive(csv)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedFileError);
    expect(error).toMatchObject({ file: csv, line: 2 });
  });

  it("refuses a truncated gzip", async () => {
    const dir = await tempDir();
    const gz = path.join(dir, "truncated.json.gz");
    const full = gzipSync(await readFile(SAMPLE));
    await writeFile(gz, full.subarray(0, Math.floor(full.length / 2)));
    await expect(collect(parseGhArchive(gz))).rejects.toBeInstanceOf(MalformedFileError);
  });
});

describe("parseGhArchive (REST API event lists: JSON arrays)", () => {
  it("reads a pretty-printed array as `gh api repos/OWNER/REPO/events` saves it, rows by position", async () => {
    const { events, identities, bad } = await collect(
      parseGhArchive(path.join(FIXTURES, "github-rest-events.json")),
    );
    expect(events.map((e) => [e.externalId, e.type, e.actor.externalId, e.channel])).toEqual([
      ["22249084947", "star", "583231", "octocat/Hello-World"],
      ["22237752260", "pr_opened", "583231", "octocat/Hello-World"],
    ]);
    expect(identities).toEqual([expect.objectContaining({ externalId: "583231", handle: "octocat" })]);
    expect(bad).toEqual([
      expect.objectContaining({ line: 4, reason: expect.stringMatching(/actor\.login/) }),
    ]);
  });

  it("gives the same records for the archive's lines, an array of them, and --paginate's pages (with or without --slurp)", async () => {
    const lines = (await readFile(SAMPLE, "utf8")).split("\n").filter((l) => l.trim());
    // The sample's deliberately broken lines make no records either way.
    const values = lines.flatMap((l) => {
      try {
        return [JSON.parse(l) as unknown];
      } catch {
        return [];
      }
    });
    const dir = await tempDir();
    const array = path.join(dir, "events.json");
    const pages = path.join(dir, "pages.json");
    await writeFile(array, JSON.stringify(values, null, 2));
    await writeFile(pages, JSON.stringify([values.slice(0, 3), values.slice(3)]));
    // `gh api --paginate` without --slurp: the pages back to back.
    const paginated = path.join(dir, "paginated.json");
    await writeFile(
      paginated,
      `${JSON.stringify(values.slice(0, 3), null, 2)}${JSON.stringify(values.slice(3))}\n`,
    );
    const fromLines = await collect(parseGhArchive(SAMPLE));
    for (const file of [array, pages, paginated]) {
      const fromArray = await collect(parseGhArchive(file));
      expect(fromArray.records).toEqual(fromLines.records);
    }
    const cut = path.join(dir, "cut.json");
    await writeFile(cut, JSON.stringify(values, null, 2).slice(0, -20));
    await expect(collect(parseGhArchive(cut))).rejects.toBeInstanceOf(MalformedFileError);
  });
});
