// The Organisations list against a real PostgreSQL: its member, paying and MRR counts agree with the Overview
// (members paying only through a stopped billing source are not paying) and with the organisation's own page
// (an affiliation left on a merged organisation counts for the survivor, as its credits do).
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { stopJobQueue } from "@/lib/jobs/queue";
import { overviewKpis } from "./overview";
import { listOrganizations, organizationDetail } from "./organizations";

const db = useTestDatabase();
beforeEach(() => truncateAll(db));
afterAll(() => stopJobQueue());

describe("the Organisations list's paying members", () => {
  it("agree with the Overview and the organisation's page", async () => {
    const now = new Date();
    const acme = await db.organization.create({ data: { name: "Acme", slug: "acme" } });
    const gone = await db.organization.create({
      data: { name: "Acme Old", slug: "acme-old", mergedIntoId: acme.id },
    });
    // Each member's subscriptions: [source, MRR]; opencollective's data ends in 2021 (stopped).
    const mk = async (name: string, orgId: number, subs: [string, number][]) => {
      const mrr = subs.reduce((t, [, c]) => t + c, 0);
      const m = await db.member.create({ data: { displayName: name, currentTier: 1, currentMrrCents: mrr } });
      await db.affiliation.create({
        data: { memberId: m.id, orgId, startsAt: new Date("2024-01-01"), origin: "manual" },
      });
      for (const [source, mrrCents] of subs) {
        const sub = await db.subscription.create({
          data: {
            memberId: m.id,
            source,
            externalId: `${source}-${m.id}`,
            status: "active",
            tierRank: 1,
            mrrCents,
            startedAt: now,
          },
        });
        await db.subscriptionChange.create({
          data: {
            subscriptionId: sub.id,
            memberId: m.id,
            source,
            externalId: `c-${sub.id}`,
            kind: "new",
            toTier: 1,
            occurredAt: source === "opencollective" ? new Date("2021-12-30T00:00:00Z") : now,
          },
        });
      }
      return m;
    };
    const live = await mk("Live", acme.id, [["stripe", 1000]]);
    await mk("Backer", acme.id, [["opencollective", 500]]);
    await mk("Both", acme.id, [
      ["stripe", 2000],
      ["opencollective", 300],
    ]);
    await mk("Left on the merged org", gone.id, [["stripe", 7000]]);
    await db.activityEvent.create({
      data: { memberId: live.id, source: "git", externalId: "c1", type: "commit", occurredAt: now },
    });

    const kpis = await overviewKpis();
    expect(kpis.payingMembers).toBe(3); // Live, Both, and the member left on the merged org
    expect(kpis.mrrCents).toBe(1000 + 2000 + 7000);

    const month = now.toISOString().slice(0, 7);
    const list = await listOrganizations({ sorting: [], pageIndex: 0, pageSize: 50, month });
    expect(list.rows.map((r) => r.id)).toEqual([acme.id]);
    // The member left on the merged org counts for Acme, so the list's paying members add up to the Overview's.
    const expected = { members: 4, payingMembers: 3, mrrCents: 10000 };
    expect(list.rows[0]).toMatchObject(expected);
    expect(list.notCounted).toEqual([
      { source: "opencollective", dataThrough: new Date("2021-12-30T00:00:00Z") },
    ]);
    const detail = await organizationDetail(acme.id, month);
    expect(detail).toMatchObject({ currentMembers: 4, payingMembers: 3, membersMrrCents: 10000 });
    expect(detail?.notCounted.map((s) => s.source)).toEqual(["opencollective"]);
    const paying = await listOrganizations({
      sorting: [],
      pageIndex: 0,
      pageSize: 50,
      month,
      payingOnly: true,
    });
    expect(paying.rows[0]).toMatchObject(expected);
  });
});
