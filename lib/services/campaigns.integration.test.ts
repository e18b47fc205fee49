// Campaigns against a real database: launch from a ranked snapshot, exclusions and skips,
// reproducible arms, and recovery of a known true effect from generated plan changes.
import { beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase, truncateAll } from "@/lib/test/db";
import { assignArms } from "@/lib/analytics/uplift";
import { mulberry32 } from "@/lib/random";
import { minimumDetectableEffect } from "@/lib/analytics/proportions";
import {
  getCampaignSummary,
  listCampaignMembers,
  listCampaigns,
  pooledCampaignResults,
} from "@/lib/data/campaigns";
import { previewCampaign } from "@/lib/data/campaign-selection";
import { campaignDesignSchema, createCampaignSchema } from "@/lib/validation/campaigns";
import { closeCampaign, closeExpiredCampaigns, createCampaign, setCampaignOutreachStatus } from "./campaigns";

const db = useTestDatabase();
beforeEach(() => truncateAll(db));

const ADMIN = { id: 1, email: "admin@test" };
const DAY = 86_400_000;
const today = () => new Date(new Date().toISOString().slice(0, 10));

/** `n` free members with a candidates snapshot; extra flags for the first few. */
async function seedMembers(
  n: number,
  opts: { tier?: number; kind?: string; seed?: number; flags?: Record<number, object> } = {},
) {
  const random = mulberry32(opts.seed ?? 11);
  await db.member.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      displayName: `Member ${i}`,
      currentTier: opts.tier ?? 0,
      currentMrrCents: (opts.tier ?? 0) > 0 ? 2900 : 0,
      ...(opts.flags?.[i] ?? {}),
    })),
  });
  const members = await db.member.findMany({ orderBy: { id: "asc" }, select: { id: true } });
  await db.scoreSnapshot.createMany({
    data: members.map((m, i) => ({
      kind: opts.kind ?? "candidates",
      asOf: today(),
      memberId: m.id,
      score: random() * 0.3,
      rawScore: -(i + 1), // rank i + 1
      reasons: [],
      modelVersion: "test",
    })),
  });
  return members.map((m) => m.id);
}

async function writeChange(
  memberId: number,
  at: Date,
  kind: "new" | "upgrade" | "downgrade" | "cancel" | "reactivate",
  fromTier: number,
  toTier: number,
  key: string,
) {
  const sub = await db.subscription.upsert({
    where: { source_externalId: { source: "test", externalId: `sub-${memberId}` } },
    create: { memberId, source: "test", externalId: `sub-${memberId}`, status: "active", startedAt: at },
    update: {},
  });
  await db.subscriptionChange.create({
    data: {
      subscriptionId: sub.id,
      memberId,
      source: "test",
      externalId: key,
      kind,
      fromTier,
      toTier,
      mrrBeforeCents: fromTier * 2900,
      mrrAfterCents: toTier * 2900,
      occurredAt: at,
    },
  });
}

const input = (over: Record<string, unknown> = {}) =>
  createCampaignSchema.parse({ name: "Spring upgrades", sourceList: "candidates", size: 2000, ...over });

describe("createCampaign", () => {
  it("splits the top of the list by decile with a recorded seed, and only the contact arm gets outreach", async () => {
    const ids = await seedMembers(300, {
      flags: { 0: { isStaff: true }, 1: { isBot: true }, 2: { doNotContact: true } },
    });
    const launched = await createCampaign(ADMIN, input({ size: 100, holdoutPercent: 20 }));
    expect(launched).toMatchObject({ members: 100, holdout: 20, contact: 80, skippedActive: 0 });

    const members = await db.campaignMember.findMany({ where: { campaignId: launched.id } });
    const inCampaign = new Set(members.map((m) => m.memberId));
    expect([ids[0], ids[1], ids[2]].some((id) => inCampaign.has(id))).toBe(false);
    expect(inCampaign.has(ids[102])).toBe(true);
    expect(inCampaign.has(ids[103])).toBe(false);

    const outreach = await db.outreach.findMany({ where: { campaignId: launched.id } });
    const contactIds = new Set(members.filter((m) => m.arm === "contact").map((m) => m.memberId));
    expect(outreach).toHaveLength(80);
    expect(
      outreach.every(
        (o) =>
          contactIds.has(o.memberId) && o.status === "todo" && o.list === "campaign" && o.kind === "upgrade",
      ),
    ).toBe(true);

    // The stored seed reproduces the split exactly.
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: launched.id } });
    expect(campaign.seed).toBe(launched.seed);
    const again = assignArms(
      members.map((m) => ({ memberId: String(m.memberId), score: m.score })),
      campaign.holdoutShare,
      campaign.seed,
    );
    const stored = new Map(members.map((m) => [String(m.memberId), m]));
    for (const a of again) {
      expect(a.arm === "treatment" ? "contact" : "holdout").toBe(stored.get(a.memberId)!.arm);
      expect(a.decile).toBe(stored.get(a.memberId)!.scoreDecile);
    }
    const audit = await db.auditLog.findFirstOrThrow({ where: { action: "campaign.create" } });
    expect(audit.entityId).toBe(String(launched.id));
  });

  it("skips members already in an active campaign and says how many; closing frees them", async () => {
    await seedMembers(120);
    const first = await createCampaign(ADMIN, input({ size: 50 }));
    const preview = await previewCampaign(campaignDesignSchema.parse({ size: 80 }));
    expect(preview).toMatchObject({ listed: 80, skippedActive: 50, members: 30, holdout: 6, contact: 24 });
    expect(preview.warnings.some((w) => w.includes("fewer than 30"))).toBe(true);
    const second = await createCampaign(ADMIN, input({ size: 80, name: "Second" }));
    expect(second).toMatchObject({ members: 30, skippedActive: 50 });
    await expect(createCampaign(ADMIN, input({ size: 80, name: "Third" }))).rejects.toThrow(
      /No eligible member/,
    );
    await closeCampaign(ADMIN, first.id);
    await expect(closeCampaign(ADMIN, first.id)).rejects.toThrow(/already closed/);
    expect((await createCampaign(ADMIN, input({ size: 80, name: "Fourth" }))).members).toBe(50);
  });

  it("plans with the list's historical conversion when an old enough snapshot exists, else the model's mean score", async () => {
    const ids = await seedMembers(40);
    const model = await previewCampaign(campaignDesignSchema.parse({ size: 40 }));
    expect(model.baseRate.source).toBe("model");
    const snap = await db.scoreSnapshot.findMany({ where: { kind: "candidates" } });
    expect(model.baseRate.rate).toBeCloseTo(snap.reduce((s, r) => s + r.score, 0) / snap.length, 9);

    const past = new Date(today().getTime() - 10 * 7 * DAY);
    await db.scoreSnapshot.createMany({
      data: ids.map((memberId, i) => ({
        kind: "candidates",
        asOf: past,
        memberId,
        score: 0.5,
        rawScore: -(i + 1), // rank i + 1
        reasons: [],
        modelVersion: "old",
      })),
    });
    for (let i = 0; i < 10; i++)
      await writeChange(ids[i], new Date(past.getTime() + (i < 8 ? 20 : 70) * DAY), "new", 0, 1, `h${i}`);
    const history = await previewCampaign(campaignDesignSchema.parse({ size: 40 }));
    expect(history.baseRate).toMatchObject({ source: "history", rate: 8 / 40 });
    expect(history.minimumDetectableEffect).toBeCloseTo(minimumDetectableEffect(0.2, 32, 8)!, 9);

    // Filters: tier, organisation and tag narrow both the selection and the history.
    const org = await db.organization.create({ data: { name: "Acme", slug: "acme" } });
    await db.affiliation.create({
      data: { memberId: ids[5], orgId: org.id, startsAt: past, origin: "manual" },
    });
    await db.member.update({ where: { id: ids[6] }, data: { tags: ["beta"] } });
    const byOrg = await previewCampaign(campaignDesignSchema.parse({ size: 40, orgId: org.id, tier: 0 }));
    const byTag = await previewCampaign(campaignDesignSchema.parse({ size: 40, tag: "beta" }));
    const byTier = await previewCampaign(campaignDesignSchema.parse({ size: 40, tier: 2 }));
    expect([byOrg.members, byTag.members, byTier.members]).toEqual([1, 1, 0]);
  });

  it("refuses to launch without a ranking snapshot", async () => {
    await expect(createCampaign(ADMIN, input())).rejects.toThrow(/no candidates ranking/);
  });

  it("selects from the newest ranking, even when it ranked nobody, never from an older list", async () => {
    const weekAgo = new Date(today().getTime() - 7 * DAY);
    await seedMembers(40, { kind: "at-risk" });
    await db.scoreSnapshot.updateMany({ data: { asOf: weekAgo } });
    const design = campaignDesignSchema.parse({ sourceList: "at-risk", goal: "renewal", size: 20 });
    const before = await previewCampaign(design);
    expect(before).toMatchObject({ snapshotAsOf: weekAgo.toISOString().slice(0, 10), members: 20 });
    // Today's at-risk run found no current billing source: a snapshot with no rows, known by its model run.
    await db.modelRun.create({
      data: {
        kind: "at-risk",
        asOf: today(),
        method: "fallback",
        modelVersion: "test",
        model: {},
        backtest: { source: "snapshot" },
      },
    });
    const after = await previewCampaign(design);
    expect(after).toMatchObject({ snapshotAsOf: today().toISOString().slice(0, 10), members: 0 });
  });

  it("records contact for the contact arm and refuses the holdout", async () => {
    await seedMembers(60);
    const { id } = await createCampaign(ADMIN, input({ size: 60 }));
    const members = await db.campaignMember.findMany({ where: { campaignId: id } });
    const contact = members.find((m) => m.arm === "contact")!;
    const holdout = members.find((m) => m.arm === "holdout")!;
    await setCampaignOutreachStatus(ADMIN, {
      campaignId: id,
      memberId: contact.memberId,
      status: "contacted",
    });
    const row = await db.outreach.findFirstOrThrow({ where: { campaignId: id, memberId: contact.memberId } });
    expect(row).toMatchObject({ status: "contacted", version: 2 });
    expect(row.contactedAt).not.toBeNull();
    await expect(
      setCampaignOutreachStatus(ADMIN, { campaignId: id, memberId: holdout.memberId, status: "contacted" }),
    ).rejects.toThrow(/holdout/);
    const page = await listCampaignMembers(id, { arm: "contact", limit: 1000 });
    expect(page.rows.find((r) => r.memberId === contact.memberId)!.outreachStatus).toBe("contacted");
  });
});

describe("campaign results", () => {
  it("recovers a known +8 point effect on 2,000 members at a 10% base rate within its 95% CI", async () => {
    await seedMembers(2000, { seed: 5 });
    const { id } = await createCampaign(ADMIN, input({ size: 2000, holdoutPercent: 20 }), { seed: 424242 });
    const launchedAt = new Date(Date.now() - 9 * 7 * DAY);
    await db.campaign.update({ where: { id }, data: { launchedAt } });

    const arms = await db.campaignMember.findMany({
      where: { campaignId: id },
      orderBy: { memberId: "asc" },
    });
    const random = mulberry32(2024);
    const expected = { contact: 0, holdout: 0 };
    for (const m of arms) {
      const p = 0.1 + (m.arm === "contact" ? 0.08 : 0);
      if (random() < p) {
        expected[m.arm as "contact" | "holdout"]++;
        await writeChange(
          m.memberId,
          new Date(launchedAt.getTime() + (1 + Math.floor(random() * 54)) * DAY),
          "new",
          0,
          1,
          `up-${m.memberId}`,
        );
      } else if (random() < 0.05) {
        // Changes outside the window never count: before launch, or after the 8-week horizon.
        const outside = random() < 0.5 ? launchedAt.getTime() - 3 * DAY : launchedAt.getTime() + 58 * DAY;
        await writeChange(m.memberId, new Date(outside), "new", 0, 1, `out-${m.memberId}`);
      }
    }

    const summary = (await getCampaignSummary(id))!;
    expect(summary.isFinal).toBe(true);
    expect(summary.result.treatment).toMatchObject({ members: 1600, conversions: expected.contact });
    expect(summary.result.holdout).toMatchObject({ members: 400, conversions: expected.holdout });
    const uplift = summary.result.uplift!;
    expect(uplift.lower).toBeLessThan(0.08);
    expect(uplift.upper).toBeGreaterThan(0.08);
    expect(summary.result.pValue!).toBeLessThan(0.05);
    expect(summary.verdict.kind).toBe("raised");
    expect(summary.verdict.sentence).toMatch(/^Contacting raised upgrades by \d+\.\d points, 95% CI/);
    // Every upgrade is worth 2,900 cents, so the extra MRR is the extra conversions × 2,900.
    expect(summary.result.extraMrrCents!.estimate).toBe(
      Math.round(summary.result.extraConversions!.estimate * 2900),
    );
    expect(summary.result.deciles).toHaveLength(10);
    expect(summary.result.qini.at(-1)!.share).toBeCloseTo(1, 9);

    const list = await listCampaigns();
    expect(list.map((c) => c.id)).toEqual([id]);
    const pooled = await pooledCampaignResults(6);
    expect(pooled[0]).toMatchObject({ goal: "upgrade", campaignIds: [id] });
    expect(pooled[0].result.uplift!.estimate).toBeCloseTo(uplift.estimate, 12);

    const converted = await listCampaignMembers(id, { converted: "yes" });
    expect(converted.total).toBe(expected.contact + expected.holdout);
    expect(await closeExpiredCampaigns()).toEqual([id]);
  }, 120_000);

  it("scores renewals: no cancel or downgrade inside the window, still on the starting tier", async () => {
    const ids = await seedMembers(6, { tier: 1, kind: "at-risk" });
    const { id } = await createCampaign(
      ADMIN,
      createCampaignSchema.parse({ name: "Keep", sourceList: "at-risk", size: 6, holdoutPercent: 50 }),
    );
    const launchedAt = new Date(Date.now() - 2 * 7 * DAY);
    await db.campaign.update({ where: { id }, data: { launchedAt } });
    const at = (d: number) => new Date(launchedAt.getTime() + d * DAY);
    await writeChange(ids[0], at(3), "cancel", 1, 0, "c0");
    await writeChange(ids[1], at(3), "downgrade", 2, 1, "d1"); // a downgrade is a loss even if it ends at the start tier
    await writeChange(ids[2], at(3), "upgrade", 1, 2, "u2");
    await writeChange(ids[3], at(-3), "cancel", 1, 0, "before");
    const rows = (await listCampaignMembers(id)).rows;
    const outcome = new Map(rows.map((r) => [r.memberId, r.converted]));
    expect([ids[0], ids[1], ids[2], ids[3], ids[4]].map((m) => outcome.get(m))).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
    const summary = (await getCampaignSummary(id))!;
    expect(summary.isFinal).toBe(false);
    expect(summary.result.assumptions.some((a) => a.includes("interim"))).toBe(true);
  });
});
