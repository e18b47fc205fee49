// An import's subscription changes go by COPY on its transaction's own connection (change-copy.ts); anything else
// writes them with one JSON statement. Both must land the same rows, in the same (time) order of ids, with the same
// counts, and a change stored already stays a duplicate.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import type { IdentityRecord, IngestRecord, SubscriptionChangeRecord } from "@/lib/ingest/types";
import { IdentityResolver } from "./identities";
import { eventStageOf } from "./event-copy";
import { prepareRecords, runPrepared } from "./records";

const db = useTestDatabase();

const backer: IdentityRecord = {
  kind: "identity",
  source: "opencollective",
  externalId: "backer",
  handle: "backer",
  displayName: "Backer",
};
const change = (
  externalId: string,
  at: string,
  toPlan: string | null,
  mrrCents: number,
  subscription = "oc:backer:month",
): SubscriptionChangeRecord => ({
  kind: "subscription_change",
  source: "opencollective",
  externalId,
  actor: { source: "opencollective", externalId: "backer" },
  subscriptionExternalId: subscription,
  toPlan,
  fromPlan: null,
  occurredAt: new Date(at),
  mrrCents,
  currency: "usd",
});
// Out of time order, with COPY's special characters, a plan change, a cancel (nulls), two at the same time.
const changes = [
  change("up\tgrade\\N", "2024-03-01T00:00:00Z", "oc:month:900", 900),
  change("new", "2024-01-01T00:00:00Z", "oc:month:500", 500),
  change("cancel\nline", "2024-05-01T00:00:00Z", null, 0),
  change("yearly new", "2024-05-01T00:00:00Z", "oc:year:12000", 1000, "oc:backer:year"),
];

type Path = "json" | "copy";

async function importBatch(path: Path, records: IngestRecord[]) {
  return db.$transaction(async (tx) => {
    const stage = path === "copy" ? await eventStageOf(tx) : null;
    if (path === "copy") expect(stage).not.toBeNull();
    const resolver = new IdentityResolver();
    const prepared = await prepareRecords(tx, resolver, records, { stage });
    expect(prepared.changes?.connection ?? null).toBe(stage);
    return runPrepared(tx, resolver, prepared);
  });
}

async function storedChanges() {
  const rows = await db.subscriptionChange.findMany({
    orderBy: { id: "asc" },
    include: { subscription: { select: { externalId: true, status: true, planKey: true, mrrCents: true } } },
  });
  const first = rows[0]?.id ?? 0;
  // Ids relative to the first: the same order, whatever the sequence gave.
  return rows.map(({ id, subscriptionId: _s, memberId: _m, ...rest }) => ({ id: id - first, ...rest }));
}

describe("subscription changes by COPY", () => {
  beforeEach(() => truncateAll(db));

  it("land as the JSON statement lands them: rows, time order of ids, counts, and stored ones as duplicates", async () => {
    const landed: Record<Path, { counts: unknown[]; rows: unknown }> = {} as never;
    for (const path of ["json", "copy"] as Path[]) {
      await truncateAll(db);
      const counts = [
        await importBatch(path, [backer, ...changes.slice(0, 2)]),
        // The second batch repeats the first's "new": a duplicate.
        await importBatch(path, [backer, ...changes.slice(1)]),
      ];
      landed[path] = { counts, rows: await storedChanges() };
    }
    expect(landed.copy).toEqual(landed.json);
    expect(landed.copy.counts).toEqual([
      { imported: 2, duplicates: 0 },
      { imported: 2, duplicates: 1 },
    ]);
    const rows = landed.copy.rows as Awaited<ReturnType<typeof storedChanges>>;
    expect(rows.map((r) => [r.externalId, r.kind])).toEqual([
      ["new", "new"],
      ["up\tgrade\\N", "upgrade"],
      ["cancel\nline", "cancel"],
      ["yearly new", "new"],
    ]);
    expect(rows[2]).toMatchObject({ fromPlanKey: "oc:month:900", toPlanKey: null, mrrBeforeCents: 900 });
    expect(rows[2].subscription).toMatchObject({ status: "canceled", mrrCents: 0 });
  });

  it("a change naming no subscription's member still fails the run", async () => {
    await expect(
      db.$transaction(async (tx) => {
        const stage = await eventStageOf(tx);
        const resolver = new IdentityResolver();
        const prepared = await prepareRecords(tx, resolver, [backer, changes[1]], { stage });
        prepared.changes!.memberOf[0] += 1000;
        return runPrepared(tx, resolver, prepared);
      }),
    ).rejects.toThrow(/foreign key|member_id_fkey/i);
    expect(await db.subscriptionChange.count()).toBe(0);
  });
});
