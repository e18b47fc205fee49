// Member directory search against a real PostgreSQL: text search, filters, sorting, paging,
// the chunked export and the filter options.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { memberExportChunks, memberFilterOptions, searchMembers, type MemberRow } from "./members";
import { memberBilling } from "./sql";
import { stoppedBillingSources } from "./overview";

const db = useTestDatabase();
beforeEach(() => truncateAll(db));

const page = { pageIndex: 0, pageSize: 25, sort: "name" as const, desc: false };
const names = (r: { rows: { displayName: string }[] }) => r.rows.map((m) => m.displayName);

async function seed() {
  await db.plan.createMany({
    data: [
      { key: "free", name: "Free", tierRank: 0 },
      { key: "premium", name: "Premium", tierRank: 1, monthlyAmountCents: 1500 },
    ],
  });
  const acme = await db.organization.create({ data: { name: "Acme Corp", slug: "acme" } });
  const old = await db.organization.create({ data: { name: "Oldco", slug: "oldco" } });
  const ada = await db.member.create({
    data: {
      displayName: "Ada Lovelace",
      primaryEmail: "ada@example.com",
      currentTier: 1,
      currentMrrCents: 1500,
      tags: ["speaker"],
      joinedAt: new Date("2024-01-01"),
    },
  });
  const bob = await db.member.create({
    data: {
      displayName: "Bob 50% Smith",
      primaryEmail: "bob@example.org",
      tags: ["partner", "vip"],
      joinedAt: new Date("2024-03-01"),
    },
  });
  const cy = await db.member.create({
    data: { displayName: "Cy Young", primaryEmail: null, joinedAt: new Date("2024-02-01"), isStaff: true },
  });
  await db.subscription.create({
    data: {
      memberId: ada.id,
      source: "stripe",
      externalId: "sub_ada",
      planKey: "premium",
      tierRank: 1,
      mrrCents: 1500,
      status: "active",
      startedAt: new Date("2024-01-01"),
    },
  });
  await db.identity.createMany({
    data: [
      { memberId: ada.id, source: "slack", externalId: "U1", handle: "ada" },
      { memberId: ada.id, source: "github", externalId: "g1", handle: "countess" },
      { memberId: bob.id, source: "slack", externalId: "U2", handle: "bobby" },
      { memberId: cy.id, source: "forum", externalId: "f3", handle: "cyclone", email: "cy@forum.example" },
    ],
  });
  await db.affiliation.createMany({
    data: [
      { memberId: ada.id, orgId: acme.id, startsAt: new Date("2024-01-01"), origin: "manual" },
      {
        memberId: bob.id,
        orgId: old.id,
        startsAt: new Date("2023-01-01"),
        endsAt: new Date("2024-01-01"),
        origin: "manual",
      },
    ],
  });
  return { ada, bob, cy };
}

describe("searchMembers", () => {
  it("lists everyone with decorations and an exact total", async () => {
    const { ada } = await seed();
    const result = await searchMembers({}, page);
    expect(result.total).toBe(3);
    expect(names(result)).toEqual(["Ada Lovelace", "Bob 50% Smith", "Cy Young"]);
    const row = result.rows.find((r) => r.id === ada.id)!;
    expect(row).toMatchObject({
      organization: "Acme Corp",
      planName: "Premium",
      tier: 1,
      mrrCents: 1500,
      tags: ["speaker"],
    });
    expect(row.sources.sort()).toEqual(["github", "slack"]);
    expect(row.handles.sort()).toEqual(["ada", "countess"]);
  });

  it("shows the same plan and organisation as the ranked lists: the member's own plan of a tier, affiliations ending in the future still current", async () => {
    const { cy } = await seed();
    await db.plan.createMany({
      data: [{ key: "premium-old", name: "Premium (legacy)", tierRank: 1, monthlyAmountCents: 2500 }],
    });
    const acme = await db.organization.findFirstOrThrow({ where: { slug: "acme" } });
    await db.member.update({ where: { id: cy.id }, data: { currentTier: 1 } });
    await db.subscription.create({
      data: {
        memberId: cy.id,
        source: "stripe",
        externalId: "sub_cy",
        planKey: "premium-old",
        tierRank: 1,
        status: "active",
        startedAt: new Date("2024-02-01"),
      },
    });
    await db.affiliation.create({
      data: {
        memberId: cy.id,
        orgId: acme.id,
        startsAt: new Date("2024-02-01"),
        endsAt: new Date(Date.now() + 30 * 86_400_000),
        origin: "manual",
      },
    });
    const row = (await searchMembers({}, page)).rows.find((r) => r.id === cy.id)!;
    expect(row).toMatchObject({ organization: "Acme Corp", planName: "Premium (legacy)" });
    expect(names(await searchMembers({ org: "acme" }, page))).toEqual(["Ada Lovelace", "Cy Young"]);
  });

  it("searches name, email and handle prefix, treating wildcards literally", async () => {
    await seed();
    expect(names(await searchMembers({ q: "lovel" }, page))).toEqual(["Ada Lovelace"]);
    expect(names(await searchMembers({ q: "EXAMPLE.ORG" }, page))).toEqual(["Bob 50% Smith"]);
    expect(names(await searchMembers({ q: "@count" }, page))).toEqual(["Ada Lovelace"]);
    expect(names(await searchMembers({ q: "untess" }, page))).toEqual([]); // handles match by prefix only
    expect(names(await searchMembers({ q: "cy@forum" }, page))).toEqual(["Cy Young"]);
    expect(names(await searchMembers({ q: "50%" }, page))).toEqual(["Bob 50% Smith"]);
    expect(names(await searchMembers({ q: "%" }, page))).toEqual(["Bob 50% Smith"]);
    expect((await searchMembers({ q: "_" }, page)).total).toBe(0);
  });

  it("filters by tier, source, tag and current organisation", async () => {
    await seed();
    expect(names(await searchMembers({ tier: 1 }, page))).toEqual(["Ada Lovelace"]);
    expect(names(await searchMembers({ tier: 0 }, page))).toEqual(["Bob 50% Smith", "Cy Young"]);
    expect(names(await searchMembers({ source: "slack" }, page))).toEqual(["Ada Lovelace", "Bob 50% Smith"]);
    expect(names(await searchMembers({ tag: "vip" }, page))).toEqual(["Bob 50% Smith"]);
    expect(names(await searchMembers({ org: "acme" }, page))).toEqual(["Ada Lovelace"]);
    expect(names(await searchMembers({ org: "oldco" }, page))).toEqual([]); // ended affiliation
    expect(names(await searchMembers({ source: "slack", tier: 0 }, page))).toEqual(["Bob 50% Smith"]);
  });

  it("sorts and paginates on the server", async () => {
    await seed();
    expect(names(await searchMembers({}, { ...page, sort: "joined", desc: true }))).toEqual([
      "Bob 50% Smith",
      "Cy Young",
      "Ada Lovelace",
    ]);
    expect(names(await searchMembers({}, { ...page, sort: "mrr", desc: true }))[0]).toBe("Ada Lovelace");
    const second = await searchMembers({}, { ...page, pageSize: 2, pageIndex: 1 });
    expect(names(second)).toEqual(["Cy Young"]);
    expect(second.total).toBe(3);
  });

  it("leaves bots out by default, as the Overview counts members, says how many, and shows them when asked", async () => {
    await seed();
    await db.member.create({ data: { displayName: "Build Bot", isBot: true, tags: ["speaker"] } });
    const byDefault = await searchMembers({}, page);
    expect(names(byDefault)).toEqual(["Ada Lovelace", "Bob 50% Smith", "Cy Young"]);
    expect(byDefault).toMatchObject({ total: 3, botsHidden: 1 });
    // The hidden count follows the other filters: no bot is among the slack members.
    expect(await searchMembers({ source: "slack" }, page)).toMatchObject({ total: 2, botsHidden: 0 });
    expect(await searchMembers({ tag: "speaker" }, page)).toMatchObject({ total: 1, botsHidden: 1 });
    const shown = await searchMembers({ bots: "include" }, page);
    expect(names(shown)).toEqual(["Ada Lovelace", "Bob 50% Smith", "Build Bot", "Cy Young"]);
    expect(shown).toMatchObject({ total: 4, botsHidden: 0 });
    // The export follows the same filters.
    const exported = async (filters: Parameters<typeof memberExportChunks>[0]) => {
      const all: string[] = [];
      for await (const chunk of memberExportChunks(filters)) all.push(...chunk.map((m) => m.displayName));
      return all.sort();
    };
    expect(await exported({})).toEqual(["Ada Lovelace", "Bob 50% Smith", "Cy Young"]);
    expect(await exported({ bots: "include" })).toContain("Build Bot");
  });
});

describe("memberExportChunks and memberFilterOptions", () => {
  it("streams the whole filtered list in id order across chunks", async () => {
    await seed();
    const seen: string[][] = [];
    for await (const chunk of memberExportChunks({ source: "slack" }, 1))
      seen.push(chunk.map((m) => m.displayName));
    expect(seen).toEqual([["Ada Lovelace"], ["Bob 50% Smith"]]);
    const all: string[] = [];
    for await (const chunk of memberExportChunks({}, 2)) all.push(...chunk.map((m) => m.displayName));
    expect(all).toHaveLength(3);
  });

  it("offers tiers, sources and tags present in the data", async () => {
    await seed();
    const options = await memberFilterOptions();
    expect(options.sources).toEqual(["forum", "github", "slack"]);
    expect(options.tags).toEqual(["partner", "speaker", "vip"]);
    expect(options.tiers).toEqual([
      { value: "0", label: "Free" },
      { value: "1", label: "Premium" },
    ]);
  });
});

describe("the paying filter with a stopped billing source", () => {
  it("leaves out members paying only through it, as the Overview does", async () => {
    const now = new Date();
    const mk = async (name: string, sources: string[]) => {
      const m = await db.member.create({ data: { displayName: name, currentTier: 1, currentMrrCents: 500 } });
      for (const source of sources) {
        const sub = await db.subscription.create({
          data: { memberId: m.id, source, externalId: `${source}-${m.id}`, status: "active", startedAt: now },
        });
        const occurredAt = source === "opencollective" ? new Date("2021-12-30T00:00:00Z") : now;
        await db.subscriptionChange.create({
          data: {
            subscriptionId: sub.id,
            memberId: m.id,
            source,
            externalId: `c-${sub.id}`,
            kind: "new",
            toTier: 1,
            occurredAt,
          },
        });
      }
      return m;
    };
    const live = await mk("Live", ["stripe"]);
    await mk("Backer", ["opencollective"]);
    await mk("Both", ["stripe", "opencollective"]);
    await db.activityEvent.create({
      data: { memberId: live.id, source: "git", externalId: "c1", type: "commit", occurredAt: now },
    });
    const paying = await searchMembers({ paying: "1" }, page);
    expect(names(paying)).toEqual(["Both", "Live"]);
    expect(paying.total).toBe(2);
    const chunks: string[] = [];
    for await (const rows of memberExportChunks({ paying: "1" }))
      chunks.push(...rows.map((r) => r.displayName));
    expect(chunks.sort()).toEqual(["Both", "Live"]);
    expect(names(await searchMembers({}, page))).toEqual(["Backer", "Both", "Live"]);
  });
});

describe("plan and MRR columns with a stopped billing source", () => {
  it("name each backer's own plan and leave the stopped source out of the MRR, as the Overview does", async () => {
    const now = new Date();
    // Both paid plans rank 1; the Open Collective tier costs more, so a look-up by tier rank alone named "Premium".
    await db.plan.createMany({
      data: [
        { key: "premium", name: "Premium", tierRank: 1, monthlyAmountCents: 500 },
        { key: "oc-backer", name: "OC Backer", tierRank: 1, monthlyAmountCents: 900 },
      ],
    });
    const mk = async (name: string, subs: { source: string; planKey: string | null; mrr: number }[]) => {
      const mrr = subs.reduce((t, s) => t + s.mrr, 0);
      const m = await db.member.create({ data: { displayName: name, currentTier: 1, currentMrrCents: mrr } });
      for (const { source, planKey, mrr } of subs) {
        const sub = await db.subscription.create({
          data: {
            memberId: m.id,
            source,
            planKey,
            tierRank: 1,
            mrrCents: mrr,
            externalId: `${source}-${m.id}`,
            status: "active",
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
    const live = await mk("Live", [{ source: "stripe", planKey: "premium", mrr: 500 }]);
    await mk("Backer", [{ source: "opencollective", planKey: "oc-backer", mrr: 900 }]);
    await mk("Both", [
      { source: "stripe", planKey: "premium", mrr: 500 },
      { source: "opencollective", planKey: "oc-backer", mrr: 900 },
    ]);
    await mk("Unknown plan", [{ source: "stripe", planKey: "price_123", mrr: 700 }]);
    await db.member.create({ data: { displayName: "No subscription", currentTier: 2 } });
    await db.activityEvent.create({
      data: { memberId: live.id, source: "git", externalId: "c1", type: "commit", occurredAt: now },
    });

    const byName = (rows: MemberRow[]) => Object.fromEntries(rows.map((r) => [r.displayName, r]));
    const all = byName((await searchMembers({}, page)).rows);
    expect(all["Backer"]).toMatchObject({ planName: "OC Backer", mrrCents: 0 });
    expect(all["Backer"].billingStopped).toEqual({
      source: "opencollective",
      dataThrough: "2021-12-30T00:00:00.000Z",
      mrrCents: 900,
    });
    expect(all["Both"]).toMatchObject({ planName: "Premium", mrrCents: 500, billingStopped: null });
    expect(all["Live"]).toMatchObject({ planName: "Premium", mrrCents: 500, billingStopped: null });
    // Honest fallbacks: a default from the Stripe price and its amount (lib/data/sql planName), or no name (the
    // page says "Tier 2").
    expect(all["Unknown plan"]).toMatchObject({ planName: "Stripe · $7.00/month", mrrCents: 700 });
    expect(all["No subscription"]).toMatchObject({ planName: null, tier: 2, billingStopped: null });

    // The MRR order is the counted MRR: the backer sorts with the members who pay nothing.
    const byMrr = await searchMembers({}, { ...page, sort: "mrr", desc: true });
    expect(names(byMrr)).toEqual(["Unknown plan", "Live", "Both", "Backer", "No subscription"]);

    // The export says the same, and the paying filter's members add up to the counted MRR.
    const exported: MemberRow[] = [];
    for await (const rows of memberExportChunks({})) exported.push(...rows);
    expect(byName(exported)["Backer"]).toMatchObject({ mrrCents: 0, planName: "OC Backer" });
    expect(byName(exported)["Backer"].billingStopped?.source).toBe("opencollective");
    const paying = await searchMembers({ paying: "1" }, page);
    expect(paying.rows.every((r) => r.billingStopped === null)).toBe(true);
    expect(paying.rows.reduce((t, r) => t + r.mrrCents, 0)).toBe(500 + 500 + 700);
  });
});

describe("the page's billing in one statement", () => {
  it("gives exactly what the per-member look-up (memberBilling) gives, on every page and sort", async () => {
    const now = new Date();
    await db.plan.createMany({
      data: [
        { key: "premium", name: "Premium", tierRank: 1, monthlyAmountCents: 500 },
        { key: "plus", name: "Plus", tierRank: 2, monthlyAmountCents: 2000 },
      ],
    });
    // A small deterministic mix: no subscription, live, stopped (Open Collective, data ending in 2021), both,
    // cancelled, unknown plan keys, tier 0 with a subscription.
    let seed = 7;
    const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const sources = ["stripe", "opencollective", "canonical"];
    const ids: number[] = [];
    const plans = ["premium", "plus", "price_x", null];
    for (let i = 0; i < 40; i++) {
      const subs = Array.from({ length: next(4) }, (_, k) => ({
        source: sources[next(3)],
        planKey: plans[next(4)],
        tierRank: next(3),
        mrr: next(5) * 300,
        status: next(4) === 0 ? "canceled" : "active",
        k,
      }));
      const mrr = subs.reduce((t, s) => t + (s.status === "active" ? s.mrr : 0), 0);
      const m = await db.member.create({
        data: { displayName: `M${String(i).padStart(2, "0")}`, currentTier: next(3), currentMrrCents: mrr },
      });
      ids.push(m.id);
      for (const s of subs) {
        const sub = await db.subscription.create({
          data: {
            memberId: m.id,
            source: s.source,
            planKey: s.planKey,
            tierRank: s.tierRank,
            mrrCents: s.mrr,
            externalId: `${s.source}-${m.id}-${s.k}`,
            status: s.status,
            startedAt: now,
          },
        });
        await db.subscriptionChange.create({
          data: {
            subscriptionId: sub.id,
            memberId: m.id,
            source: s.source,
            externalId: `c-${sub.id}`,
            kind: "new",
            toTier: 1,
            occurredAt: s.source === "opencollective" ? new Date("2021-12-30T00:00:00Z") : now,
          },
        });
      }
    }
    await db.activityEvent.create({
      data: { memberId: ids[0], source: "git", externalId: "c1", type: "commit", occurredAt: now },
    });
    const stopped = [...(await stoppedBillingSources()).keys()];
    expect(stopped).toEqual(["opencollective"]);
    const reference = await db.$queryRaw<
      { id: number; plan_name: string | null; stopped_source: string | null; mrr: number }[]
    >(Prisma.sql`
      select m.id, b.plan_name, b.stopped_source, m.current_mrr_cents - b.stopped_mrr_cents as mrr
        from members m left join lateral ${memberBilling("m.id", "m.current_tier", stopped)} b on true`);
    const expected = new Map(
      reference.map((r) => [r.id, { planName: r.plan_name, stopped: r.stopped_source, mrrCents: r.mrr }]),
    );
    const seen = new Set<number>();
    for (const sort of ["name", "mrr", "tier"] as const)
      for (const desc of [false, true])
        for (const pageIndex of [0, 1, 2, 3]) {
          const { rows } = await searchMembers({}, { pageIndex, pageSize: 10, sort, desc });
          for (const r of rows) {
            seen.add(r.id);
            expect({
              planName: r.planName,
              stopped: r.billingStopped?.source ?? null,
              mrrCents: r.mrrCents,
            }).toEqual(expected.get(r.id));
          }
        }
    expect(seen.size).toBe(40);
    expect(reference.filter((r) => r.stopped_source).length).toBeGreaterThan(0);
    expect(new Set(reference.map((r) => r.plan_name)).size).toBeGreaterThan(3);
  });
});
