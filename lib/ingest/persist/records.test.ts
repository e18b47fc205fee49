import { describe, expect, it } from "vitest";
import type { EventRecord } from "@/lib/ingest/types";
import { eventsJson } from "./records";

const base: EventRecord = {
  kind: "event",
  source: "github",
  externalId: "1",
  actor: { source: "github", externalId: "7" },
  type: "push",
  occurredAt: new Date("2024-06-01T12:34:56.789Z"),
};

/** What the insert was built from before: an array of row objects through JSON.stringify. */
const asObjects = (events: EventRecord[], actors: { memberId: number; identityId: number }[]) =>
  JSON.stringify(
    events.map((e, n) => ({
      m: actors[n].memberId,
      i: actors[n].identityId,
      s: e.source,
      e: e.externalId,
      t: e.type,
      o: e.occurredAt,
      c: e.channel ?? null,
      w: typeof e.weight === "number" && Number.isFinite(e.weight) ? e.weight : null,
      p: e.properties && Object.keys(e.properties).length ? e.properties : null,
    })),
  );

describe("eventsJson", () => {
  it.each<[string, Partial<EventRecord>]>([
    ["bare event", {}],
    ["channel and weight", { channel: "acme/widgets", weight: 0.25 }],
    ["weight not finite", { weight: Number.NaN }],
    ["weight zero and negative zero", { weight: -0 }],
    ["empty properties", { properties: {} }],
    ["nested properties with undefined", { properties: { number: 4, by: undefined, n: { a: [1, "x"] } } }],
    [
      "quotes, backslashes, newlines, unicode",
      { externalId: 'a"b\\c\nd', channel: "é 🎉 \u2028", type: "t\t" },
    ],
    ["invalid date", { occurredAt: new Date(Number.NaN) }],
  ])("%s: the same JSON as the row objects gave", (_, change) => {
    const events = [
      { ...base, ...change },
      { ...base, externalId: "2" },
    ];
    const actors = [
      { memberId: 3, identityId: 9 },
      { memberId: 4, identityId: 10 },
    ];
    const text = eventsJson(events, actors);
    expect(text).toBe(asObjects(events, actors));
    expect(JSON.parse(text)).toHaveLength(2);
  });

  it("an empty batch is an empty array", () => {
    expect(eventsJson([], [])).toBe("[]");
  });
});
