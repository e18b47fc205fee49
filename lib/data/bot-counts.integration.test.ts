// A bot who pays, against a real PostgreSQL: every page's counts leave it out, as the Members list does by
// default (Overview paying, MRR, upgrades and their trends; Members' drill-downs; Cohorts; Organisations).
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { refreshPageAggregates } from "@/lib/services/page-aggregates";
import { stopJobQueue } from "@/lib/jobs/queue";
import { monthToDate, overviewKpis } from "./overview";
import { searchMembers } from "./members";
import { communityRoi, firstPaidSpells } from "./cohorts";
import { listOrganizations, organizationDetail } from "./organizations";

const db = useTestDatabase();
beforeEach(() => truncateAll(db));
afterAll(() => stopJobQueue());

const at = (iso: string) => new Date(iso);
const page = { pageIndex: 0, pageSize: 25, sort: "name" as const, desc: false };

/** A paying human and a paying bot, both at Acme, both upgraded in June 2025. */
async function seed() {
  await db.activityType.create({ data: { type: "message", label: "Message" } });
  const acme = await db.organization.create({ data: { name: "Acme", slug: "acme" } });
  const people = [
    { name: "Ada", isBot: false, mrr: 1500 },
    { name: "Billing Bot", isBot: true, mrr: 9900 },
  ];
  const ids: number[] = [];
  for (const p of people) {
    const m = await db.member.create({
      data: {
        displayName: p.name,
        isBot: p.isBot,
        currentTier: 2,
        currentMrrCents: p.mrr,
        joinedAt: at("2025-03-01T00:00:00Z"),
        lastActiveAt: at("2025-06-20T00:00:00Z"),
      },
    });
    ids.push(m.id);
    await db.affiliation.create({
      data: { memberId: m.id, orgId: acme.id, startsAt: at("2025-01-01T00:00:00Z"), origin: "manual" },
    });
    const sub = await db.subscription.create({
      data: {
        memberId: m.id,
        source: "stripe",
        externalId: `s-${m.id}`,
        status: "active",
        tierRank: 2,
        mrrCents: p.mrr,
        startedAt: at("2025-04-01T00:00:00Z"),
      },
    });
    const change = (externalId: string, fromTier: number, toTier: number, before: number, iso: string) => ({
      subscriptionId: sub.id,
      memberId: m.id,
      source: "stripe",
      externalId: `${externalId}-${m.id}`,
      kind: (fromTier === 0 ? "new" : "upgrade") as "new" | "upgrade",
      fromTier,
      toTier,
      mrrBeforeCents: before,
      mrrAfterCents: toTier === 2 ? p.mrr : 500,
      occurredAt: at(iso),
    });
    await db.subscriptionChange.createMany({
      data: [change("new", 0, 1, 0, "2025-04-01T00:00:00Z"), change("up", 1, 2, 500, "2025-06-10T00:00:00Z")],
    });
    await db.payment.create({
      data: {
        memberId: m.id,
        source: "stripe",
        externalId: `p-${m.id}`,
        amountCents: 500,
        currency: "usd",
        status: "paid",
        kind: "subscription",
        occurredAt: at("2025-04-01T00:00:00Z"),
      },
    });
    await db.activityEvent.create({
      data: {
        memberId: m.id,
        source: "slack",
        externalId: `e-${m.id}`,
        type: "message",
        occurredAt: at("2025-06-20T00:00:00Z"),
      },
    });
  }
  return { acme, ada: ids[0], bot: ids[1] };
}

describe("a paying bot", () => {
  it("is left out of the Overview's paying members, MRR, upgrades and trends, as the Members list hides it", async () => {
    await seed();
    await refreshPageAggregates({ now: at("2025-07-15T00:00:00Z") });
    const kpis = await overviewKpis();
    expect(kpis).toMatchObject({ members: 1, bots: 1, payingMembers: 1, mrrCents: 1500 });
    const month = (key: "paying" | "mrr" | "upgrades", m: string) =>
      kpis.series[key].find((p) => p.month === m)?.value;
    expect([month("paying", "2025-05"), month("mrr", "2025-05"), month("upgrades", "2025-06")]).toEqual([
      1, 500, 1,
    ]);
    const toDate = await monthToDate(at("2025-06-25T00:00:00Z"));
    expect(toDate?.current).toMatchObject({ active: 1, upgrades: 1 });

    // The Overview's links open lists of the same size, each saying whom it hides.
    expect(await searchMembers({ paying: "1" }, page)).toMatchObject({ total: 1, botsHidden: 1 });
    expect(await searchMembers({ kpi: "upgrades", month: "2025-06" }, page)).toMatchObject({ total: 1 });
    // Even with bots shown, the Overview figure's drill-down keeps its definition.
    expect(await searchMembers({ kpi: "upgrades", month: "2025-06", bots: "include" }, page)).toMatchObject({
      total: 1,
    });
    // The monthly report's newcomers: both joined in March 2025, only the human counts; April had nobody.
    expect(await searchMembers({ kpi: "joined", month: "2025-03", bots: "include" }, page)).toMatchObject({
      total: 1,
      rows: [expect.objectContaining({ displayName: "Ada" })],
    });
    expect(await searchMembers({ kpi: "joined", month: "2025-04" }, page)).toMatchObject({ total: 0 });
    await db.member.updateMany({ data: { firstContributionAt: at("2025-05-10T00:00:00Z") } });
    expect(
      await searchMembers({ kpi: "first_contribution", month: "2025-05", bots: "include" }, page),
    ).toMatchObject({ total: 1, rows: [expect.objectContaining({ displayName: "Ada" })] });
  });

  it("is left out of Cohorts' paying figures and survival, and of Organisations' member counts", async () => {
    const { acme, ada } = await seed();
    expect(await communityRoi(at("2025-06-25T00:00:00Z"))).toMatchObject({
      totalMrrCents: 1500,
      payingMembers: 1,
      activePayingMembers: 1,
    });
    expect((await firstPaidSpells()).map((s) => s.memberId)).toEqual([ada]);
    const { rows } = await listOrganizations({ sorting: [], pageIndex: 0, pageSize: 50, month: "2025-06" });
    expect(rows.find((r) => r.id === acme.id)).toMatchObject({
      members: 1,
      payingMembers: 1,
      mrrCents: 1500,
    });
    expect(await organizationDetail(acme.id, "2025-06")).toMatchObject({
      currentMembers: 1,
      payingMembers: 1,
      membersMrrCents: 1500,
    });
  });
});
