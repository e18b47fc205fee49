// "Add to campaign" on a real database: the arm is drawn (never chosen), a contact-arm member gets
// one campaign outreach row and a holdout member none, and every launch exclusion still holds.
import { beforeEach, describe, expect, it } from "vitest";
import { useTestDatabase, truncateAll } from "@/lib/test/db";
import { createCampaignSchema } from "@/lib/validation/campaigns";
import { memberCampaignOptions } from "@/lib/data/member-campaigns";
import { createCampaign } from "./campaigns";
import { addMemberToCampaign, lateDecile } from "./campaign-enrolment";

const db = useTestDatabase();
beforeEach(() => truncateAll(db));

const ADMIN = { id: 1, email: "admin@test" };

/** 40 ranked candidates; the campaign takes the top 20, so members 21–40 are on the list but not in it. */
async function launchedCampaign() {
  await db.member.createMany({
    data: Array.from({ length: 40 }, (_, i) => ({ displayName: `Member ${i + 1}` })),
  });
  const members = await db.member.findMany({ orderBy: { id: "asc" }, select: { id: true } });
  const asOf = new Date(new Date().toISOString().slice(0, 10));
  await db.scoreSnapshot.createMany({
    data: members.map((m, i) => ({
      kind: "candidates",
      asOf,
      memberId: m.id,
      score: 1 - i / 40,
      rawScore: -(i + 1), // rank i + 1
      reasons: [],
      modelVersion: "test",
    })),
  });
  const input = createCampaignSchema.parse({ name: "Spring", sourceList: "candidates", size: 20 });
  const campaign = await createCampaign(ADMIN, input);
  return { campaignId: campaign.id, outside: members.slice(20).map((m) => m.id) };
}

describe("addMemberToCampaign", () => {
  it("puts a contact-arm draw in the contact group with one outreach task", async () => {
    const { campaignId, outside } = await launchedCampaign();
    const options = await memberCampaignOptions(outside[0]);
    expect(options).toMatchObject({ kind: "choices", campaigns: [{ id: campaignId, name: "Spring" }] });
    const added = await addMemberToCampaign(ADMIN, { campaignId, memberId: outside[0] }, () => 0.99);
    expect(added).toMatchObject({ arm: "contact", campaignName: "Spring" });
    const row = await db.campaignMember.findUniqueOrThrow({
      where: { campaignId_memberId: { campaignId, memberId: outside[0] } },
    });
    // Its score is below every launched member's, so it takes the lowest decile.
    expect(row).toMatchObject({ arm: "contact", scoreDecile: 1 });
    const outreach = await db.outreach.findMany({ where: { campaignId, memberId: outside[0] } });
    expect(outreach).toHaveLength(1);
    expect(outreach[0]).toMatchObject({ list: "campaign", status: "todo", kind: "upgrade" });
    expect(await memberCampaignOptions(outside[0])).toMatchObject({
      kind: "in_campaign",
      campaign: { id: campaignId, arm: "contact" },
    });
    await expect(addMemberToCampaign(ADMIN, { campaignId, memberId: outside[0] })).rejects.toThrow(
      /Already in the active campaign/,
    );
    const audit = await db.auditLog.findFirst({ where: { action: "campaign.add_member" } });
    expect(audit?.details).toMatchObject({ memberId: outside[0], arm: "contact" });
  });

  it("puts a holdout draw in the holdout group with no outreach", async () => {
    const { campaignId, outside } = await launchedCampaign();
    const added = await addMemberToCampaign(ADMIN, { campaignId, memberId: outside[1] }, () => 0.01);
    expect(added).toMatchObject({ arm: "holdout", outreachId: null });
    expect(await db.outreach.count({ where: { campaignId, memberId: outside[1] } })).toBe(0);
  });

  it("refuses do-not-contact, closed campaigns and members off the campaign's list", async () => {
    const { campaignId, outside } = await launchedCampaign();
    await db.member.update({ where: { id: outside[2] }, data: { doNotContact: true } });
    await expect(addMemberToCampaign(ADMIN, { campaignId, memberId: outside[2] })).rejects.toThrow(
      /do not contact/,
    );
    const unranked = await db.member.create({ data: { displayName: "Not ranked" } });
    await expect(addMemberToCampaign(ADMIN, { campaignId, memberId: unranked.id })).rejects.toThrow(
      /No active campaign/,
    );
    await db.campaign.update({ where: { id: campaignId }, data: { status: "closed" } });
    await expect(addMemberToCampaign(ADMIN, { campaignId, memberId: outside[3] })).rejects.toThrow(
      /No active campaign/,
    );
  });
});

describe("lateDecile", () => {
  it.each([
    [0, 100, 1],
    [50, 100, 6],
    [99, 100, 10],
    [100, 100, 10],
    [0, 0, 1],
  ])("%i of %i scores below → decile %i", (below, size, decile) => {
    expect(lateDecile(0.5, below, size)).toBe(decile);
  });
});
