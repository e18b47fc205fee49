// Merge then unmerge against a real database: every row of the merged member moves to the survivor,
// conflicting rows are kept in the snapshot, and unmerge restores every table exactly; suggestions in SQL.
import { beforeEach, describe, expect, it } from "vitest";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { emailHash } from "@/lib/ingest/persist/identities";
import { Prisma } from "@/lib/generated/prisma/client";
import { mergeMembers, unmergeMembers } from "./merge";
import { mergeSuggestions } from "./suggestions";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));

const TABLES: Record<string, string> = {
  identities: "id, member_id, source, external_id, handle, email",
  activity_events: "id, member_id, identity_id, source, external_id, type, occurred_at, weight",
  subscriptions: "id, member_id, status, mrr_cents",
  subscription_changes: "id, member_id, subscription_id, kind",
  payments: "id, member_id, amount_cents",
  outreach: "id, member_id, kind, status",
  member_notes: "id, member_id, body",
  alerts: "id, member_id, kind",
  affiliations: "id, member_id, org_id, starts_at, origin",
  campaign_members: "campaign_id, member_id, arm, score",
  weekly_activity: "member_id, week_start, source, events, weight, contributions, channels",
  score_snapshots: "member_id, kind, as_of, score, raw_score",
  members:
    "id, display_name, primary_email, country, joined_at, is_staff, do_not_contact, tags, current_tier, current_mrr_cents",
};

async function fingerprint(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [table, cols] of Object.entries(TABLES)) {
    // Table and column names come from the TABLES constant above.
    const [first, second] = cols.split(",");
    const rows = await db.$queryRaw<{ h: string | null; n: number }[]>`
      select md5(string_agg(concat_ws('|', ${Prisma.raw(cols)}), ',' order by ${Prisma.raw(first)}, ${Prisma.raw(second)})) as h,
             count(*)::int as n
        from ${Prisma.raw(table)}`;
    out[table] = `${rows[0].n}:${rows[0].h}`;
  }
  return out;
}

async function person(
  name: string,
  source: string,
  externalId: string,
  opts: { email?: string; handle?: string; tier?: number } = {},
) {
  const m = await db.member.create({
    data: {
      displayName: name,
      primaryEmail: opts.email ?? null,
      tags: [source],
      joinedAt: new Date("2025-01-01"),
    },
  });
  const i = await db.identity.create({
    data: {
      memberId: m.id,
      source,
      externalId,
      handle: opts.handle ?? null,
      displayName: name,
      email: opts.email ?? null,
      emailHash: opts.email ? emailHash(opts.email, "groundswell") : null,
    },
  });
  return { memberId: m.id, identityId: i.id };
}

async function fillEverything(
  memberId: number,
  identityId: number,
  tag: string,
  shared: { orgId: number; campaignId: number; otherCampaignId: number | null },
) {
  await db.activityEvent.createMany({
    data: [1, 2, 3].map((n) => ({
      memberId,
      identityId,
      source: tag,
      externalId: `${tag}-e${n}`,
      type: "message",
      occurredAt: new Date(`2026-01-0${n}T00:00:00Z`),
    })),
  });
  const sub = await db.subscription.create({
    data: {
      memberId,
      source: tag,
      externalId: `${tag}-sub`,
      status: "active",
      planKey: "premium",
      tierRank: 1,
      mrrCents: 1000,
      startedAt: new Date("2025-06-01"),
    },
  });
  await db.subscriptionChange.create({
    data: {
      subscriptionId: sub.id,
      memberId,
      source: tag,
      externalId: `${tag}-chg`,
      kind: "new",
      toPlanKey: "premium",
      toTier: 1,
      mrrAfterCents: 1000,
      occurredAt: new Date("2025-06-01"),
    },
  });
  await db.payment.create({
    data: {
      memberId,
      source: tag,
      externalId: `${tag}-pay`,
      amountCents: 1000,
      currency: "usd",
      status: "paid",
      kind: "recurring",
      occurredAt: new Date("2025-06-01"),
    },
  });
  await db.outreach.create({ data: { memberId, kind: "email" } });
  await db.memberNote.create({ data: { memberId, body: `note ${tag}` } });
  await db.alert.create({ data: { memberId, kind: "drop", message: "m", dedupeKey: `${tag}-alert` } });
  await db.affiliation.create({
    data: { memberId, orgId: shared.orgId, startsAt: new Date("2025-01-01"), origin: "profile" },
  });
  await db.affiliation.create({
    data: {
      memberId,
      orgId: shared.orgId,
      startsAt: new Date(tag === "git" ? "2024-01-01" : "2023-01-01"),
      origin: "email-domain",
    },
  });
  await db.campaignMember.create({
    data: { campaignId: shared.campaignId, memberId, arm: "treatment", scoreDecile: 1, score: 0.5 },
  });
  if (shared.otherCampaignId)
    await db.campaignMember.create({
      data: { campaignId: shared.otherCampaignId, memberId, arm: "holdout", scoreDecile: 2, score: 0.25 },
    });
  await db.weeklyActivity.createMany({
    data: [
      {
        memberId,
        weekStart: new Date("2025-12-29"),
        source: "slack",
        events: 2,
        weight: 1.5,
        contributions: 1,
        channels: 1,
      },
      {
        memberId,
        weekStart: new Date(tag === "git" ? "2026-01-05" : "2026-01-12"),
        source: tag,
        events: 1,
        weight: 1,
        contributions: 0,
        channels: 1,
      },
    ],
  });
  await db.scoreSnapshot.create({
    data: {
      kind: "candidates",
      asOf: new Date("2026-01-05"),
      memberId,
      score: 0.3,
      rawScore: -memberId,
      reasons: [],
      modelVersion: "t",
    },
  });
  await db.$executeRaw`update members set current_tier = 1, current_mrr_cents = 1000 where id = ${memberId}`;
}

describe("mergeMembers / unmergeMembers", () => {
  it("moves every row to the survivor and back again exactly", async () => {
    const org = await db.organization.create({ data: { name: "Acme", slug: "acme" } });
    const c1 = await db.campaign.create({
      data: {
        name: "c1",
        goal: "upgrade",
        sourceList: "candidates",
        horizonWeeks: 4,
        holdoutShare: 0.2,
        seed: 1,
      },
    });
    const c2 = await db.campaign.create({
      data: {
        name: "c2",
        goal: "upgrade",
        sourceList: "candidates",
        horizonWeeks: 4,
        holdoutShare: 0.2,
        seed: 2,
      },
    });
    const a = await person("Jane Doe", "github", "1001", { handle: "janedoe" });
    const b = await person("Jane Doe", "git", "jane@corp.example", { email: "jane@corp.example" });
    const bystander = await person("Other", "slack", "U9");
    await fillEverything(a.memberId, a.identityId, "github", {
      orgId: org.id,
      campaignId: c1.id,
      otherCampaignId: null,
    });
    await fillEverything(b.memberId, b.identityId, "git", {
      orgId: org.id,
      campaignId: c1.id,
      otherCampaignId: c2.id,
    });
    await db.activityEvent.create({
      data: {
        memberId: bystander.memberId,
        identityId: bystander.identityId,
        source: "slack",
        externalId: "x",
        type: "message",
        occurredAt: new Date(),
      },
    });
    const before = await fingerprint();

    const merged = await mergeMembers(
      { id: 1, email: "admin@example.org" },
      { survivorId: a.memberId, mergedId: b.memberId, reason: "test" },
    );
    // Both had an open outreach record in the same list: the survivor's stays, the other waits in the snapshot.
    expect(merged.moved).toMatchObject({
      identities: 1,
      activity_events: 3,
      subscriptions: 1,
      subscription_changes: 1,
      payments: 1,
      outreach: 0,
      member_notes: 1,
      alerts: 1,
      affiliations: 1,
      campaignIds: 1,
    });
    expect(await db.member.findUnique({ where: { id: b.memberId } })).toBeNull();
    expect(await db.activityEvent.count({ where: { memberId: a.memberId } })).toBe(6);
    expect(await db.identity.count({ where: { memberId: a.memberId } })).toBe(2);
    const survivor = await db.member.findUniqueOrThrow({ where: { id: a.memberId } });
    expect(survivor).toMatchObject({
      currentTier: 1,
      currentMrrCents: 2000,
      primaryEmail: "jane@corp.example",
    });
    expect([...survivor.tags].sort()).toEqual(["git", "github"]);
    const slackWeek = await db.weeklyActivity.findFirstOrThrow({
      where: { memberId: a.memberId, source: "slack" },
    });
    expect(slackWeek.events).toBe(4);
    expect(await db.campaignMember.count({ where: { memberId: a.memberId } })).toBe(2);
    expect(await db.auditLog.count({ where: { action: "member.merge" } })).toBe(1);
    expect(await db.memberMerge.count()).toBe(1);

    await unmergeMembers({ id: 1, email: "admin@example.org" }, merged.mergeId);
    expect(await fingerprint()).toEqual(before);
    expect(
      (await db.memberMerge.findUniqueOrThrow({ where: { id: merged.mergeId } })).undoneAt,
    ).not.toBeNull();
    await expect(unmergeMembers(null, merged.mergeId)).rejects.toThrow(/already undone/);
    expect(await db.auditLog.count({ where: { action: "member.unmerge" } })).toBe(1);
  });

  it("suggests pairs with reasons: name = handle, same email, profile naming a handle", async () => {
    const gh = await person("janedoe", "github", "1001", { handle: "janedoe" });
    const git = await person("Jane Doe", "git", "jane@corp.example", { email: "jane@corp.example" });
    const stripe = await person("J. Doe", "stripe", "cus_1", { email: "jane@corp.example" });
    const slack = await person("Octavia Catt", "slack", "U1", { handle: "octo" });
    await db.identity.update({
      where: { id: slack.identityId },
      data: { profile: { title: "Engineer, github.com/octocat" } },
    });
    const octo = await person("octocat", "github", "2002", { handle: "octocat" });
    await person("Unrelated Person", "slack", "U2");

    const suggestions = await mergeSuggestions();
    const find = (x: number, y: number) =>
      suggestions.find((s) => [s.survivorId, s.mergedId].sort().join() === [x, y].sort().join());
    expect(find(gh.memberId, git.memberId)?.reasons.map((r) => r.reason)).toContain("name_matches_handle");
    expect(find(git.memberId, stripe.memberId)?.reasons.map((r) => r.reason)).toEqual(["same_email"]);
    expect(find(slack.memberId, octo.memberId)?.reasons.map((r) => r.reason)).toEqual([
      "profile_names_handle",
    ]);
    expect(suggestions).toHaveLength(3);

    // One person's two addresses at their own domain (no company: kuzmany.biz names none).
    const jan = await person("John Linhart", "git", "jan@linhart.email", { email: "jan@linhart.email" });
    const john = await person("John Linhart", "git", "john@linhart.email", { email: "john@linhart.email" });
    const both = (await mergeSuggestions()).find((s) => [s.survivorId, s.mergedId].includes(jan.memberId));
    expect(both?.reasons).toEqual([
      { reason: "same_name_same_domain", detail: 'same name "John Linhart" and both at linhart.email' },
    ]);
    expect([both?.survivorId, both?.mergedId].sort()).toEqual([jan.memberId, john.memberId].sort());
    await mergeMembers(null, { survivorId: jan.memberId, mergedId: john.memberId, reason: "same person" });

    await mergeMembers(null, { survivorId: git.memberId, mergedId: stripe.memberId, reason: "same email" });
    const after = await mergeSuggestions();
    expect(after.some((s) => [s.survivorId, s.mergedId].includes(stripe.memberId))).toBe(false);
    expect(after).toHaveLength(2);
  });
});
