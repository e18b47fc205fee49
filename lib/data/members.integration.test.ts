// Member directory search against a real PostgreSQL: text search, filters, sorting, paging,
// the chunked export and the filter options.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { memberExportChunks, memberFilterOptions, searchMembers } from "./members";

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

  it("shows the same plan and organisation as the ranked lists: cheapest plan of a tier, affiliations ending in the future still current", async () => {
    const { cy } = await seed();
    await db.plan.createMany({
      data: [{ key: "premium-old", name: "Premium (legacy)", tierRank: 1, monthlyAmountCents: 2500 }],
    });
    const acme = await db.organization.findFirstOrThrow({ where: { slug: "acme" } });
    await db.member.update({ where: { id: cy.id }, data: { currentTier: 1 } });
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
    expect(row).toMatchObject({ organization: "Acme Corp", planName: "Premium" });
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
