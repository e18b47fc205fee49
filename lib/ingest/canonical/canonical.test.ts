import { writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { collect, FIXTURES, tempDir } from "../__fixtures__/test-helpers";
import { MalformedFileError } from "../types";
import {
  CANONICAL_SCHEMAS,
  detectCsvKind,
  parseCanonicalCsv,
  parseCanonicalJsonl,
  parseIsoDate,
  toRecord,
} from "./index";
import { fastEvent, fastIdentity } from "./fast-paths";

const DIR = path.join(FIXTURES, "canonical");

async function writeTemp(name: string, text: string | Buffer) {
  const file = path.join(await tempDir(), name);
  await writeFile(file, text);
  return file;
}

describe("parseCanonicalCsv: members", () => {
  it("maps members to csv identities with flags, and quarantines bad rows", async () => {
    const { identities, bad } = await collect(parseCanonicalCsv(path.join(DIR, "members.csv")));
    expect(identities).toHaveLength(3);
    expect(identities[0]).toEqual({
      kind: "identity",
      source: "csv",
      externalId: "m-001",
      memberKey: "m-001",
      displayName: "Alice Andersen",
      email: "alice@acme.io",
      firstSeenAt: new Date("2023-01-15T00:00:00Z"),
      country: "NO",
      organizationName: "Acme",
      tags: ["core", "speaker"],
      isStaff: true,
      isBot: false,
      doNotContact: false,
    });
    expect(identities[1]).toMatchObject({
      organizationName: null,
      tags: ["community"],
      isStaff: false,
      doNotContact: true,
    });
    expect(identities[2]).toMatchObject({ isBot: true, email: null });
    expect(identities[2].doNotContact).toBeUndefined();
    expect(bad.map((b) => [b.line, b.reason])).toEqual([
      [5, "joined_at: must be an ISO 8601 date"],
      [6, "member_key: is required"],
    ]);
  });
});

describe("parseCanonicalCsv: events", () => {
  it("parses properties JSON, weights and dates; quarantines bad dates and JSON", async () => {
    const { events, bad } = await collect(parseCanonicalCsv(path.join(DIR, "events.csv")));
    expect(events).toHaveLength(3);
    expect(events[0]).toEqual({
      kind: "event",
      source: "forum",
      externalId: "post-1001",
      actor: { source: "forum", externalId: "user-7" },
      type: "forum_post",
      occurredAt: new Date("2024-03-01T10:00:00Z"),
      channel: "announcements",
      weight: 1,
      properties: { topic_id: 55, words: 120 },
    });
    expect(events[1].occurredAt.toISOString()).toBe("2024-03-01T10:30:00.000Z");
    expect(events[1].properties).toBeUndefined();
    expect(events[2]).not.toHaveProperty("weight");
    expect(events[2].occurredAt).toEqual(new Date("2024-03-10T00:00:00Z"));
    expect(bad.map((b) => b.line)).toEqual([5, 6]);
    expect(bad[0].reason).toMatch(/occurred_at/);
    expect(bad[1].reason).toMatch(/properties/);
  });

  it("honours an explicit kind and checks its columns", async () => {
    const file = await writeTemp("x.csv", "source,external_id\nforum,1\n");
    await expect(collect(parseCanonicalCsv(file, { kind: "events" }))).rejects.toThrow(
      /actor_source, actor_external_id, type, occurred_at/,
    );
    await expect(collect(parseCanonicalCsv(file, { kind: "payments" }))).rejects.toBeInstanceOf(
      MalformedFileError,
    );
    const { identities } = await collect(parseCanonicalCsv(file, { kind: "identities" }));
    expect(identities).toEqual([
      expect.objectContaining({ source: "forum", externalId: "1", memberKey: null }),
    ]);
  });

  it("reads a kind column per row, and gzipped input", async () => {
    const text =
      "kind,source,external_id,member_key,name\nidentity,forum,u1,m-1,\nmember,,,m-1,Ann\nwidget,,,,\n";
    const file = await writeTemp("mixed.csv.gz", gzipSync(text));
    const { records, bad } = await collect(parseCanonicalCsv(file));
    expect(records.map((r) => [r.kind, r.source, r.externalId])).toEqual([
      ["identity", "forum", "u1"],
      ["identity", "csv", "m-1"],
    ]);
    expect(bad).toEqual([expect.objectContaining({ line: 4, reason: 'unknown kind "widget"' })]);
  });

  it("refuses a header it cannot place, an unclosed quote and an empty file, with the line", async () => {
    const unknown = await writeTemp("a.csv", "foo,bar\n1,2\n");
    await expect(collect(parseCanonicalCsv(unknown))).rejects.toMatchObject({ file: unknown, line: 1 });
    const broken = await writeTemp("b.csv", 'member_key,name\nm-1,Ann\nm-2,"Bob\n');
    const error = await collect(parseCanonicalCsv(broken)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MalformedFileError);
    expect((error as MalformedFileError).line).toBeGreaterThanOrEqual(3);
    const empty = await writeTemp("c.csv", "");
    await expect(collect(parseCanonicalCsv(empty))).rejects.toMatchObject({ line: 1 });
  });

  it("reads Excel's European CSV (BOM, CRLF, `;` separators, padded rows) and tab-separated files", async () => {
    const file = path.join(DIR, "members-excel-semicolon.csv");
    const { identities, bad } = await collect(parseCanonicalCsv(file));
    expect(identities.map((i) => [i.externalId, i.displayName, i.email])).toEqual([
      ["m-100", "Müller, Jürgen", "jm@firma.de"],
      ["m-101", "O'Brien; Pat", "pat@example.ie"],
      ["m-102", "Zeilen\numbruch", null],
    ]);
    expect(bad).toEqual([expect.objectContaining({ line: 6, reason: "expected 9 columns, got 10" })]);
    const tsv = await writeTemp("t.csv", "member_key\tname\nm-1\tAnn, Lee\n");
    const fromTsv = await collect(parseCanonicalCsv(tsv));
    expect(fromTsv.identities.map((i) => i.displayName)).toEqual(["Ann, Lee"]);
  });

  it("quarantines rows with the wrong number of columns", async () => {
    const file = await writeTemp("d.csv", "member_key,name\nm-1,Ann,extra\nm-2,Bob\n");
    const { identities, bad } = await collect(parseCanonicalCsv(file));
    expect(identities).toHaveLength(1);
    expect(bad[0]).toMatchObject({ line: 2, reason: "expected 2 columns, got 3" });
  });
});

describe("parseCanonicalJsonl", () => {
  it("reads every kind from one file and quarantines bad lines", async () => {
    const { records, bad } = await collect(parseCanonicalJsonl(path.join(DIR, "mixed.jsonl")));
    expect(records.map((r) => r.kind)).toEqual([
      "identity",
      "identity",
      "event",
      "subscription_change",
      "subscription_change",
    ]);
    expect(records[0]).toMatchObject({
      source: "csv",
      externalId: "m-010",
      memberKey: "m-010",
      tags: ["beta"],
      isStaff: false,
    });
    expect(records[1]).toMatchObject({
      source: "forum",
      externalId: "user-7",
      memberKey: "m-010",
      handle: "erin",
    });
    expect(records[2]).toMatchObject({ kind: "event", properties: { topic_id: 55 }, weight: 1 });
    expect(records[3]).toEqual({
      kind: "subscription_change",
      source: "billing",
      externalId: "chg-1",
      actor: { source: "forum", externalId: "user-7" },
      subscriptionExternalId: "sub-1",
      fromPlan: null,
      toPlan: "pro",
      occurredAt: new Date("2024-03-05T00:00:00Z"),
      mrrCents: 4900,
      currency: "USD",
    });
    expect(records[4]).toMatchObject({ toPlan: null, fromPlan: "pro", mrrCents: 0 });
    expect(bad.map((b) => b.line)).toEqual([7, 8, 9]);
    expect(bad[0].reason).toMatch(/actor_external_id/);
    expect(bad[1].reason).toMatch(/unknown or missing kind "invoice"/);
    expect(bad[2].reason).toMatch(/invalid JSON/);
  });

  it("refuses a file whose first line is not a JSON object", async () => {
    const file = await writeTemp("e.jsonl", "member_key,name\n");
    await expect(collect(parseCanonicalJsonl(file))).rejects.toMatchObject({ file, line: 1 });
    const arr = await writeTemp("f.jsonl", "[1,2]\n");
    await expect(collect(parseCanonicalJsonl(arr))).rejects.toBeInstanceOf(MalformedFileError);
  });
});

describe("canonical helpers", () => {
  it.each([
    [["member_key", "name"], "member"],
    [["source", "external_id", "member_key"], "identity"],
    [["source", "external_id", "actor_source", "actor_external_id", "type", "occurred_at"], "event"],
    [["source", "external_id", "subscription_id", "occurred_at"], "subscription_change"],
    [["kind", "source"], "per-row"],
    [["foo"], null],
  ])("detectCsvKind(%j) → %s", (columns, expected) => {
    expect(detectCsvKind(columns)).toBe(expected);
  });

  it.each([
    ["2024-03-01", "2024-03-01T00:00:00.000Z"],
    ["2024-03-01T10:00:00Z", "2024-03-01T10:00:00.000Z"],
    ["2024-03-01T10:00:00+02:00", "2024-03-01T08:00:00.000Z"],
    ["2024-03-01T10:00", "2024-03-01T10:00:00.000Z"],
    ["2024-03-01 10:00:00.250", "2024-03-01T10:00:00.250Z"],
    // PostgreSQL's timestamptz text (psql \copy of a Discourse database) and Rails' Time#to_s.
    ["2024-03-01 10:00:00+00", "2024-03-01T10:00:00.000Z"],
    ["2024-03-01 10:00:00.123456-03", "2024-03-01T13:00:00.123Z"],
    ["2024-03-01 10:00:00 UTC", "2024-03-01T10:00:00.000Z"],
    ["2024-03-01T10:00:00+0530", "2024-03-01T04:30:00.000Z"],
    ["2024-03-01 UTC", null],
    ["2024-03-01T10:00:00+2", null],
    ["2024-02-31", null],
    ["01/03/2024", null],
    ["yesterday", null],
  ])("parseIsoDate(%s) → %s", (text, expected) => {
    expect(parseIsoDate(text)?.toISOString() ?? null).toBe(expected);
  });
});

describe("fast paths agree with the zod schemas", () => {
  const base = {
    source: " forum ",
    external_id: "p1",
    actor_source: "forum",
    actor_external_id: "u1",
    type: "post",
    occurred_at: "2024-03-01T10:00:00+01:00",
  };
  it.each([
    base,
    { ...base, channel: "", weight: "", properties: "" },
    { ...base, channel: " general ", weight: "0.5", properties: '{"a":1}' },
    { ...base, channel: null, weight: 2, properties: { a: [1] } },
    { ...base, occurred_at: "2024-03-01" },
  ])("event %#", (row) => {
    const viaZod = toRecord("event", CANONICAL_SCHEMAS.event.parse(row));
    expect(fastEvent(row)).toEqual(viaZod);
  });
  it.each([
    { ...base, weight: "heavy" },
    { ...base, properties: "[1]" },
    { ...base, properties: "{bad" },
    { ...base, occurred_at: "2024-13-01" },
    { ...base, type: "  " },
    { ...base, channel: 5 },
  ])("event rejected by both %#", (row) => {
    expect(fastEvent(row)).toBeNull();
    expect(CANONICAL_SCHEMAS.event.safeParse(row).success).toBe(false);
  });
  it.each([
    { source: "forum", external_id: "u1" },
    {
      source: "forum",
      external_id: "u1",
      member_key: "",
      handle: " erin ",
      email: " Erin@Example.org ",
      display_name: "Erin",
    },
  ])("identity %#", (row) => {
    expect(fastIdentity(row)).toEqual(toRecord("identity", CANONICAL_SCHEMAS.identity.parse(row)));
  });
});
