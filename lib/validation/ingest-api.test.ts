// The ingest API's Prefer header parsing (RFC 7240), and its fast item check against the readable schema.
import { describe, expect, it } from "vitest";
import { mulberry32 } from "@/lib/random";
import {
  fastApiEvent,
  apiEventSchema,
  parseApiEvent,
  parseApiEvents,
  prefersRespondAsync,
} from "./ingest-api";

describe("prefersRespondAsync", () => {
  it.each([
    ["respond-async", true],
    ["Respond-Async", true],
    ["return=minimal, respond-async", true],
    ["respond-async; wait=10", true],
    ["return=minimal", false],
    ["respond-asynchronously", false],
    ["", false],
    [null, false],
  ])("%s → %s", (header, expected) => {
    expect(prefersRespondAsync(header)).toBe(expected);
  });
});

// The route's fast item check (fastApiEvent) against the readable one (apiEventSchema): the same
// decision and the same output on every row, so the fast check never accepts what the rules refuse and
// never sends a valid item down the slow path; parseApiEvent's errors are apiEventSchema's own.
const base = {
  source: "forum",
  external_id: "e-1",
  actor_source: "forum",
  actor_external_id: "u-1",
  type: "message",
  occurred_at: "2026-01-05T10:00:00Z",
};
const inDays = (days: number) => new Date(Date.now() + days * 86400_000).toISOString();
const rows: [string, Record<string, unknown>][] = [
  ["the minimal item", {}],
  [
    "every field",
    {
      actor_email: "ann@example.org",
      actor_name: "Ann",
      actor_handle: "ann",
      channel: "general",
      weight: 2.5,
      properties: { a: [1, { b: "c" }] },
    },
  ],
  [
    "nulls for the optional fields",
    {
      actor_email: null,
      actor_name: null,
      actor_handle: null,
      channel: null,
      weight: null,
      properties: null,
    },
  ],
  ["unknown keys (stripped)", { extra: 1, __proto__x: "y" }],
  [
    "padded text (trimmed)",
    {
      source: "  forum ",
      external_id: "\te-1\n",
      actor_name: "  Ann  ",
      channel: " general ",
      actor_email: " ann@example.org ",
    },
  ],
  ["empty optional text", { actor_name: "", actor_handle: "   ", channel: "" }],
  ["empty source", { source: "" }],
  ["blank external id", { external_id: "   " }],
  ["source of 64", { source: "s".repeat(64) }],
  ["source of 65", { source: "s".repeat(65) }],
  ["source of 64 after trimming", { source: ` ${"s".repeat(64)} ` }],
  ["external id of 512", { external_id: "x".repeat(512) }],
  ["external id of 513", { external_id: "x".repeat(513) }],
  ["actor external id of 513", { actor_external_id: "x".repeat(513) }],
  ["type of 65", { type: "t".repeat(65) }],
  ["name of 200", { actor_name: "n".repeat(200) }],
  ["name of 201", { actor_name: "n".repeat(201) }],
  ["handle of 201", { actor_handle: "h".repeat(201) }],
  ["channel of 201", { channel: "c".repeat(201) }],
  ["emoji (a surrogate pair)", { actor_name: "👋 Ann", channel: "🎉" }],
  ["NUL in a required field", { type: "mes\u0000sage" }],
  ["NUL in the name", { actor_name: "Ann\u0000" }],
  ["lone high surrogate", { channel: "general\uD800" }],
  ["lone low surrogate", { actor_handle: "\uDC00ann" }],
  ["reversed pair", { external_id: "\uDC00\uD800" }],
  ["number for a text field", { source: 5 }],
  ["missing required field", { type: undefined }],
  ["null required field", { actor_external_id: null }],
  ["array for a text field", { channel: ["general"] }],
  ["e-mail without a domain", { actor_email: "ann@" }],
  ["e-mail of 321", { actor_email: `${"a".repeat(309)}@example.org` }],
  ["e-mail of 320", { actor_email: `${"a".repeat(308)}@example.org` }],
  ["empty e-mail", { actor_email: "" }],
  ["e-mail with spaces inside", { actor_email: "a nn@example.org" }],
  ["date only", { occurred_at: "2026-01-05" }],
  ["first allowed day", { occurred_at: "2000-01-01" }],
  ["last day before", { occurred_at: "1999-12-31" }],
  ["offset before 2000 in UTC", { occurred_at: "2000-01-01T00:30:00+01:00" }],
  ["offset", { occurred_at: "2026-01-05T10:00:00+05:30" }],
  ["fractional seconds", { occurred_at: "2026-01-05T10:00:00.123456Z" }],
  ["no offset (local time)", { occurred_at: "2026-01-05T10:00:00" }],
  ["no seconds", { occurred_at: "2026-01-05T10:00Z" }],
  ["leap day", { occurred_at: "2024-02-29T12:00:00Z" }],
  ["not a leap day", { occurred_at: "2025-02-29T12:00:00Z" }],
  ["year 0000", { occurred_at: "0000-01-01T00:00:00Z" }],
  ["year 3000", { occurred_at: "3000-01-01T00:00:00Z" }],
  ["in 12 hours", { occurred_at: inDays(0.5) }],
  ["in 3 days", { occurred_at: inDays(3) }],
  ["padded date", { occurred_at: " 2026-01-05 " }],
  ["epoch number for a date", { occurred_at: 1767607200000 }],
  ["weight 0 and 1000", { weight: 1000 }],
  ["weight below 0", { weight: -0.5 }],
  ["weight above 1000", { weight: 1000.5 }],
  ["weight as text", { weight: "2" }],
  ["properties as an array", { properties: [1, 2] }],
  [
    "properties 9 levels deep",
    { properties: { a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } } },
  ],
  ["properties with a NUL", { properties: { t: "a\u0000b" } }],
  ["properties over 16 KB", { properties: { blob: "x".repeat(17_000) } }],
];
const itemOf = (row: Record<string, unknown>) => {
  const item: Record<string, unknown> = { ...base, ...row };
  for (const [key, value] of Object.entries(row)) if (value === undefined) delete item[key];
  return item;
};

describe("fastApiEvent decides as apiEventSchema does", () => {
  it.each(rows)("%s", (_label, row) => {
    const item = itemOf(row);
    const reference = apiEventSchema.safeParse(item);
    const fast = fastApiEvent(item);
    expect(fast !== null).toBe(reference.success);
    if (reference.success) expect(fast).toStrictEqual(reference.data);
    // What the route uses: the reference's own error on every refusal.
    const routed = parseApiEvent(item);
    expect(routed.success).toBe(reference.success);
    if (!routed.success) expect(routed.error.issues).toEqual(reference.error!.issues);
  });

  it("covers both verdicts", () => {
    const verdicts = rows.map(([, row]) => apiEventSchema.safeParse(itemOf(row)).success);
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(15);
    expect(verdicts.filter((v) => !v).length).toBeGreaterThan(25);
  });

  it("agrees on 20,000 items mixed from the rows' field values", () => {
    // Every field's values from the table (and absent), combined at random: rules interact (a valid
    // name beside a broken date), which single-field rows alone would not show.
    const pools = new Map<string, unknown[]>();
    for (const [, row] of rows)
      for (const [key, value] of Object.entries(row)) pools.set(key, [...(pools.get(key) ?? []), value]);
    const random = mulberry32(17);
    let accepted = 0;
    for (let n = 0; n < 20_000; n++) {
      const row: Record<string, unknown> = {};
      for (const [key, values] of pools)
        if (random() < 0.3) row[key] = values[Math.floor(random() * values.length)];
      const item = itemOf(row);
      const reference = apiEventSchema.safeParse(item);
      const fast = fastApiEvent(item);
      expect(fast !== null, JSON.stringify(item)).toBe(reference.success);
      if (reference.success) {
        expect(fast).toStrictEqual(reference.data);
        accepted++;
      }
    }
    expect(accepted).toBeGreaterThan(500);
    expect(accepted).toBeLessThan(19_500);
  });
});

describe("parseApiEvents", () => {
  it("gives each item parseApiEvent's answer, with one clock reading for the batch", () => {
    const items = rows.map(([, row]) => itemOf(row));
    expect(parseApiEvents(items)).toEqual(items.map(parseApiEvent));
  });
});
