import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collect, FIXTURES, tempDir } from "../__fixtures__/test-helpers";
import { MalformedFileError } from "../types";
import { GIT_TSV_HEADER, parseGitLog } from "./parse-git-log";

const SAMPLE = path.join(FIXTURES, "git-log-sample.txt");
const MAUTIC = path.resolve(process.cwd(), "../shared/data/mautic-commits.tsv");

describe("parseGitLog (git log output)", () => {
  it("yields commits keyed by sha, and each author's identity once", async () => {
    const { events, identities, bad } = await collect(parseGitLog(SAMPLE, { repository: "acme/widgets" }));
    expect(events).toHaveLength(6);
    expect(
      events.every((e) => e.type === "commit" && e.source === "git" && e.channel === "acme/widgets"),
    ).toBe(true);
    expect(events[0]).toMatchObject({
      externalId: "3f2a9c1e5b7d4a6c8e0f1a2b3c4d5e6f7a8b9c0d",
      actor: { source: "git", externalId: "alice@acme.io" },
    });
    expect(events[0].occurredAt.toISOString()).toBe("2024-03-01T09:00:00.000Z");
    // Alice@Acme.io and alice@acme.io are the same author.
    expect(identities.map((i) => i.externalId)).toEqual([
      "alice@acme.io",
      "bob.builder@gmail.com",
      "583231+mona@users.noreply.github.com",
      "dave@example-corp.co.uk",
      "me@alans-mac.local",
    ]);
    const byId = new Map(identities.map((i) => [i.externalId, i]));
    expect(byId.get("alice@acme.io")).toMatchObject({
      email: "alice@acme.io",
      displayName: "Alice Andersen",
      organizationName: "Acme",
    });
    expect(byId.get("bob.builder@gmail.com")).toMatchObject({
      email: "bob.builder@gmail.com",
      organizationName: null,
    });
    expect(byId.get("583231+mona@users.noreply.github.com")).toMatchObject({
      email: null,
      organizationName: null,
      linkedHandles: [{ source: "github", handle: "mona" }],
    });
    expect(byId.get("dave@example-corp.co.uk")?.organizationName).toBe("Example Corp");
    expect(byId.get("me@alans-mac.local")?.organizationName).toBeNull();
    expect(bad).toEqual([
      expect.objectContaining({ ok: false, line: 6, raw: expect.stringContaining("yesterday") }),
    ]);
  });

  it("accepts the TSV with its header, with the same records", async () => {
    const dir = await tempDir();
    const tsv = path.join(dir, "commits.tsv");
    await writeFile(
      tsv,
      `${GIT_TSV_HEADER.join("\t")}\r\n${(await readFile(SAMPLE, "utf8")).replaceAll("\n", "\r\n")}`,
    );
    const fromTsv = await collect(parseGitLog(tsv));
    const fromLog = await collect(parseGitLog(SAMPLE));
    expect(fromTsv.records).toEqual(fromLog.records);
    expect(fromTsv.bad[0].line).toBe(7);
  });

  it("refuses a file that is neither, naming file and line", async () => {
    const dir = await tempDir();
    const other = path.join(dir, "commits.csv");
    await writeFile(other, "sha,author,email,date\nabc,x,y,z\n");
    const error = await collect(parseGitLog(other)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedFileError);
    expect(error).toMatchObject({ file: other, line: 1 });
  });

  it("keeps a commit whose email field holds only a name, keyed by that name", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "log.txt");
    await writeFile(
      file,
      "b3800778243006b2cec80453a9278c8e38fae04b\tCaptivea\tCaptivea\t2017-08-09T17:03:55+02:00\n",
    );
    const { events, identities } = await collect(parseGitLog(file));
    expect(events[0].actor.externalId).toBe("name:captivea");
    expect(identities[0]).toMatchObject({ email: null, displayName: "Captivea" });
  });
});

// Written by real `git log` from a small repository (see the formats in each test).
const TRAILERS = path.join(FIXTURES, "git-log-coauthors.txt");
const TRAILER_LINES = path.join(FIXTURES, "git-log-coauthors-lines.txt");
const ISO_LIKE_WITH_SUBJECT = path.join(FIXTURES, "git-log-iso-like-subject.txt");
const RFC2822 = path.join(FIXTURES, "git-log-rfc2822.txt");
const TARO_COMMIT = "2ae038a8c55ce29e1dc2ceb1b3d12a9a8989fd6c";

describe("parseGitLog (git's other date formats, extra columns, Co-authored-by trailers)", () => {
  const keyed = (events: { externalId: string; actor: { externalId: string }; occurredAt: Date }[]) =>
    events.map((e) => `${e.externalId} ${e.actor.externalId} ${e.occurredAt.toISOString()}`);

  it("reads %ai and %aD dates and ignores a subject column, giving the same commits as %aI", async () => {
    const strict = await collect(parseGitLog(TRAILERS));
    const commits = strict.events.filter((e) => !e.externalId.includes(":"));
    expect(commits).toHaveLength(7);
    for (const file of [ISO_LIKE_WITH_SUBJECT, RFC2822]) {
      const other = await collect(parseGitLog(file));
      expect(other.bad).toEqual([]);
      expect(keyed(other.events)).toEqual(keyed(commits));
    }
    // +05:45 and -09:30 offsets, and a commit dated in 1999 at +14:00.
    expect(commits.map((e) => e.occurredAt.toISOString())).toContain("2024-03-01T04:15:00.000Z");
    expect(commits.map((e) => e.occurredAt.toISOString())).toContain("2024-03-03T09:00:00.000Z");
    expect(commits.map((e) => e.occurredAt.toISOString())).toContain("1999-12-31T09:59:59.000Z");
  });

  it("credits each co-author with the commit, from %x1f-separated or line-separated trailers", async () => {
    for (const file of [TRAILERS, TRAILER_LINES]) {
      const { events, identities, bad } = await collect(parseGitLog(file, { repository: "acme/x" }));
      expect(bad).toEqual([]);
      const coAuthored = events.filter((e) => e.properties?.coAuthorOf === TARO_COMMIT);
      expect(coAuthored.map((e) => [e.externalId, e.actor.externalId, e.type, e.channel])).toEqual([
        [`${TARO_COMMIT}:co-author:ana@lima.dev`, "ana@lima.dev", "commit", "acme/x"],
        [`${TARO_COMMIT}:co-author:jose@acme.io`, "jose@acme.io", "commit", "acme/x"],
      ]);
      expect(coAuthored[0].occurredAt.toISOString()).toBe("2024-03-04T00:00:00.000Z");
      expect(events).toHaveLength(9);
      // Each person once, however many times they author or co-author.
      expect(identities.map((i) => i.externalId).sort()).toEqual([
        "123456+josem@users.noreply.github.com",
        "49699333+dependabot[bot]@users.noreply.github.com",
        "ana@lima.dev",
        "jose@acme.io",
        "name:zoë",
        "taro@example.jp",
      ]);
    }
  });
});

describe(`Mautic commits (${MAUTIC})`, () => {
  it("parses all 22,575 commits with real company domains", async () => {
    const { rows, bad, events, identities } = await collect(
      parseGitLog(MAUTIC, { repository: "mautic/mautic" }),
    );
    expect(rows).toHaveLength(22_575);
    expect(bad).toHaveLength(0);
    expect(events).toHaveLength(22_575);
    expect(new Set(events.map((e) => e.externalId)).size).toBe(22_575);
    const orgs = new Set(identities.map((i) => i.organizationName).filter(Boolean));
    for (const name of ["Acquia", "Dropsolid", "Webmecanik", "Comarch", "Mautic"])
      expect(orgs).toContain(name);
    expect(orgs).not.toContain("Gmail");
    const acquia = identities.filter((i) => i.profile?.organizationDomain === "acquia.com");
    expect(acquia.length).toBeGreaterThan(0);
  });
});
