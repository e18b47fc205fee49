// Events staged by COPY land exactly as the json_to_recordset insert lands them: the text format's escapes, nulls,
// weights from activity_types and properties; a batch sent again adds nothing; a rolled-back run leaves nothing.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import type { EventRecord } from "@/lib/ingest/types";
import { newIdentityResolver } from "@/lib/services/imports/resolver";
import { eventStageOf } from "./event-copy";
import { prepareRecords, runPrepared, writeRecords } from "./records";

const db = useTestDatabase();
beforeEach(() => truncateAll(db));

const event = (n: number, change: Partial<EventRecord>): EventRecord => ({
  kind: "event",
  source: "forum",
  externalId: `p${n}`,
  actor: { source: "forum", externalId: `member-${n % 2}` },
  type: "forum_post",
  occurredAt: new Date(Date.UTC(2025, 2, 1, 10, n, 0, 7)),
  ...change,
});

const TRICKY: Partial<EventRecord>[] = [
  {},
  { channel: "tab\there, newline\nthere, return\rthen", weight: 0.25 },
  { externalId: "back\\slash \\N \\. é 🎉 \u2028", channel: null, weight: -0 },
  {
    type: "reaction",
    properties: { text: 'quote " tab \t back \\ nl \n', n: { a: [1, "x"] }, gone: undefined },
  },
  { properties: {}, weight: Number.NaN },
  { type: "not_a_known_type", channel: "\\N" },
];

async function stored(source: string) {
  return db.$queryRaw<Record<string, unknown>[]>`
    select e.external_id, i.external_id as actor, e.type, e.occurred_at, e.channel, e.weight, e.properties
      from activity_events e join identities i on i.id = e.identity_id
     where e.source = ${source} order by e.external_id`;
}

describe("events by COPY", () => {
  it("store the same rows as the JSON insert, and a batch sent again adds nothing", async () => {
    await db.activityType.upsert({
      where: { type: "reaction" },
      create: { type: "reaction", label: "Reaction", weight: 0.5 },
      update: { weight: 0.5 },
    });
    const batch = (source: string) =>
      TRICKY.map((change, n) => ({
        ...event(n, change),
        source,
        actor: { source, externalId: `member-${n % 2}` },
      }));
    const counts = await db.$transaction(async (tx) => {
      const stage = await eventStageOf(tx);
      expect(stage).not.toBeNull();
      const resolver = newIdentityResolver();
      const first = await runPrepared(
        tx,
        resolver,
        await prepareRecords(tx, resolver, batch("copy"), { stage }),
      );
      const again = await runPrepared(
        tx,
        resolver,
        await prepareRecords(tx, resolver, batch("copy"), { stage }),
      );
      return { first, again };
    });
    expect(counts.first).toMatchObject({ imported: TRICKY.length, duplicates: 0 });
    expect(counts.again).toMatchObject({ imported: 0, duplicates: TRICKY.length });
    await db.$transaction((tx) => writeRecords(tx, newIdentityResolver(), batch("json")));
    const [copied, inserted] = [await stored("copy"), await stored("json")];
    expect(copied).toHaveLength(TRICKY.length);
    expect(copied).toEqual(inserted);
    expect(copied.find((r) => r.type === "reaction")?.weight).toBe(0.5);
    expect(copied.find((r) => String(r.external_id).startsWith("back"))?.channel).toBeNull();
  });

  it("leave nothing when the run's transaction rolls back", async () => {
    await expect(
      db.$transaction(async (tx) => {
        const stage = await eventStageOf(tx);
        const resolver = newIdentityResolver();
        await runPrepared(tx, resolver, await prepareRecords(tx, resolver, [event(1, {})], { stage }));
        expect(await tx.activityEvent.count()).toBe(1);
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect(await db.activityEvent.count()).toBe(0);
    expect(await db.member.count()).toBe(0);
  });

  it("fail the run with PostgreSQL's error when a batch cannot be staged, and the connection goes on", async () => {
    await expect(
      db.$transaction(async (tx) => {
        const stage = await eventStageOf(tx);
        const resolver = newIdentityResolver();
        const batch = [event(1, {}), event(2, { externalId: "nul \u0000 byte" })];
        await runPrepared(tx, resolver, await prepareRecords(tx, resolver, batch, { stage }));
      }),
    ).rejects.toThrow(/0x00/);
    for (let n = 0; n < 6; n++) expect(await db.activityEvent.count()).toBe(0);
    expect(await db.member.count()).toBe(0);
  });
});
