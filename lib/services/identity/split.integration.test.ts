// Splitting an identity off its member against a real database, with real import formats: a role address
// (admin@company.com) is Alice's Slack profile and Bob's git author, so the importer joins two people. Split, the
// git identity is a member of its own with its events; re-importing the files never joins them again; undo works.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { runImport } from "@/lib/services/imports/run-import";
import { rebuildWeeklyActivity } from "@/lib/services/rollups";
import { mergeMembers, unmergeMembers } from "./merge";
import { splitIdentity, undoSplit } from "./split";
import { mergeSuggestions } from "./suggestions";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));

const sha = (n: number) => n.toString(16).padStart(40, "a");
const commit = (n: number, name: string, email: string, at: string) => `${sha(n)}\t${name}\t${email}\t${at}`;
const ts = (iso: string) => `${Date.parse(iso) / 1000}.000100`;

/** A git log where the role address carries Bob's commits (under two names), and Carol's own address. */
const GIT_LOG = [
  commit(1, "Bob Brown", "admin@company.com", "2025-03-03T10:00:00Z"),
  commit(2, "Bob Brown", "admin@company.com", "2025-03-11T10:00:00Z"),
  commit(3, "admin", "admin@company.com", "2025-03-18T10:00:00Z"),
  commit(4, "Carol Chen", "carol@company.com", "2025-03-05T10:00:00Z"),
].join("\n");

async function writeFixtures(dir: string) {
  const slack = path.join(dir, "slack");
  await mkdir(path.join(slack, "general"), { recursive: true });
  const user = (id: string, name: string, email: string) => ({
    id,
    team_id: "T01CO",
    name: name.split(" ")[0].toLowerCase(),
    real_name: name,
    deleted: false,
    is_bot: false,
    profile: { real_name: name, display_name: name.split(" ")[0], email, title: "" },
  });
  await writeFile(
    path.join(slack, "users.json"),
    JSON.stringify([
      user("U01ALICE", "Alice Adams", "admin@company.com"),
      user("U02CAROL", "Carol Chen", "carol@company.com"),
    ]),
  );
  await writeFile(
    path.join(slack, "channels.json"),
    JSON.stringify([
      { id: "C01GEN", name: "general", created: 1740000000, members: ["U01ALICE", "U02CAROL"] },
    ]),
  );
  const message = (user: string, at: string, text: string) => ({ type: "message", ts: ts(at), user, text });
  await writeFile(
    path.join(slack, "general", "2025-03-04.json"),
    JSON.stringify([
      message("U01ALICE", "2025-03-04T09:00:00Z", "Morning all"),
      message("U01ALICE", "2025-03-04T09:05:00Z", "The release is out"),
      message("U02CAROL", "2025-03-04T09:10:00Z", "Thanks Alice"),
    ]),
  );
  const git = path.join(dir, "git-log.txt");
  await writeFile(git, `${GIT_LOG}\n`);
  const later = path.join(dir, "git-log-later.txt");
  await writeFile(
    later,
    `${commit(5, "Bob Brown", "admin@company.com", "2025-04-01T10:00:00Z")}\n${GIT_LOG}\n`,
  );
  return { slack, git, later };
}

async function importBoth(files: { slack: string; git: string }) {
  for (const [source, file] of [
    ["slack", files.slack],
    ["git", files.git],
  ] as const) {
    const s = await runImport({ source, file, repository: "co/app" });
    expect(s.error ?? null, `${source}: ${s.error}`).toBeNull();
  }
}

/** Members as their identities, and each member's events by source. */
async function people(): Promise<string[]> {
  const rows = await db.$queryRaw<{ line: string }[]>`
    select string_agg(i.source || ':' || i.external_id, ' ' order by i.source, i.external_id)
           || ' | ' || (select count(*) from activity_events e where e.member_id = i.member_id) || ' events' as line
      from identities i join members m on m.id = i.member_id where not m.is_bot group by i.member_id order by 1`;
  return rows.map((r) => r.line);
}

async function identityId(source: string, externalId: string): Promise<number> {
  return (await db.identity.findUniqueOrThrow({ where: { source_externalId: { source, externalId } } })).id;
}

/** Weekly rows agree with the events of every member: same members, same counts. */
async function weeklyMatchesEvents(): Promise<void> {
  const rows = await db.$queryRaw<{ member_id: number; weekly: number; events: number }[]>`
    select m.id as member_id,
           coalesce((select sum(events)::int from weekly_activity w where w.member_id = m.id), 0) as weekly,
           (select count(*)::int from activity_events e where e.member_id = m.id) as events
      from members m`;
  for (const r of rows) expect(r.weekly, `member ${r.member_id}`).toBe(r.events);
}

describe("splitIdentity", () => {
  it("splits a role address's git author off the Slack profile, and imports never join them again", async () => {
    const files = await writeFixtures(await tempDir());
    await importBoth(files);
    const joined = [
      "git:admin@company.com slack:U01ALICE | 5 events",
      "git:carol@company.com slack:U02CAROL | 2 events",
    ];
    expect(await people()).toEqual(joined);
    const gitId = await identityId("git", "admin@company.com");
    const alice = (await db.identity.findUniqueOrThrow({ where: { id: gitId } })).memberId;
    await rebuildWeeklyActivity(); // the pipeline's rollups after the imports
    await weeklyMatchesEvents();

    const split = await splitIdentity(null, gitId);
    expect(split.fromMemberId).toBe(alice);
    expect(split.moved).toMatchObject({ identities: 1, events: 3 });
    const separate = [
      "git:admin@company.com | 3 events",
      "git:carol@company.com slack:U02CAROL | 2 events",
      "slack:U01ALICE | 2 events",
    ];
    expect(await people()).toEqual(separate);
    const bob = await db.member.findUniqueOrThrow({ where: { id: split.newMemberId } });
    expect(bob).toMatchObject({ displayName: "Bob Brown", isBot: false, primaryEmail: "admin@company.com" });
    expect(bob.joinedAt?.toISOString()).toBe("2025-03-03T10:00:00.000Z");
    expect(bob.lastActiveAt?.toISOString()).toBe("2025-03-18T10:00:00.000Z");
    // Every event of the git identity moved, none of the Slack profile's.
    expect(await db.activityEvent.count({ where: { identityId: gitId, memberId: { not: bob.id } } })).toBe(0);
    expect(await db.activityEvent.count({ where: { memberId: bob.id, identityId: { not: gitId } } })).toBe(0);
    // Both kept the company: Alice's Slack address is at the same domain.
    const orgs = await db.affiliation.findMany({
      where: { memberId: { in: [alice, bob.id] } },
      select: { memberId: true },
    });
    expect(orgs.map((o) => o.memberId).sort()).toEqual([alice, bob.id].sort());
    // Right after the split (it rebuilt both members' weeks) and after the recompute's incremental rollups.
    await weeklyMatchesEvents();
    await rebuildWeeklyActivity();
    await weeklyMatchesEvents();
    expect(await db.auditLog.count({ where: { action: "member.split", entityId: String(alice) } })).toBe(1);

    // The same files again, then a later log with the same claims: still two members, no duplicates.
    const counts = { events: await db.activityEvent.count(), identities: await db.identity.count() };
    await importBoth(files);
    expect(await people()).toEqual(separate);
    expect({ events: await db.activityEvent.count(), identities: await db.identity.count() }).toEqual(counts);
    const later = await runImport({ source: "git", file: files.later, repository: "co/app" });
    expect(later.error ?? null).toBeNull();
    expect(await people()).toEqual([
      "git:admin@company.com | 4 events",
      "git:carol@company.com slack:U02CAROL | 2 events",
      "slack:U01ALICE | 2 events",
    ]);
    expect(await db.memberMerge.count()).toBe(0);
    // Nor is the shared address suggested as a merge on /members/merge.
    const suggested = (await mergeSuggestions()).map((p) => [p.survivorId, p.mergedId].sort());
    expect(suggested).not.toContainEqual([alice, bob.id].sort());
    await rebuildWeeklyActivity();

    // Re-join: one member again, with every event, and imports may join them as before.
    const undone = await undoSplit(null, split.splitId);
    expect(undone.memberId).toBe(alice);
    expect(await people()).toEqual([
      "git:admin@company.com slack:U01ALICE | 6 events",
      "git:carol@company.com slack:U02CAROL | 2 events",
    ]);
    await expect(undoSplit(null, split.splitId)).rejects.toThrow(/already undone/);
    await weeklyMatchesEvents();
  });

  it("refuses a member's only identity, and a merge by hand lifts the split", async () => {
    const files = await writeFixtures(await tempDir());
    await importBoth(files);
    const gitId = await identityId("git", "admin@company.com");
    const split = await splitIdentity(null, gitId);
    await expect(splitIdentity(null, gitId)).rejects.toThrow(/only identity/);
    await expect(splitIdentity(null, 999_999)).rejects.toThrow(/not found/);

    const admin = await db.adminUser.create({ data: { email: "a@x.io", passwordHash: "x", role: "admin" } });
    const merge = await mergeMembers(admin, {
      survivorId: split.fromMemberId,
      mergedId: split.newMemberId,
      reason: "same person after all",
    });
    const row = await db.identitySplit.findUniqueOrThrow({ where: { id: split.splitId } });
    expect(row.undoneAt).not.toBeNull();
    await expect(undoSplit(null, split.splitId)).rejects.toThrow(/already undone/);
    // Undoing that merge separates them as any undone merge does: a re-import leaves them apart.
    await unmergeMembers(admin, merge.mergeId);
    await importBoth(files);
    expect(await people()).toEqual([
      "git:admin@company.com | 3 events",
      "git:carol@company.com slack:U02CAROL | 2 events",
      "slack:U01ALICE | 2 events",
    ]);
  });

  it("moves the subscriptions and payments a Stripe customer owns; notes stay", async () => {
    const member = await db.member.create({ data: { displayName: "Dana", tags: ["vip"] } });
    const slack = await db.identity.create({
      data: { memberId: member.id, source: "slack", externalId: "U09" },
    });
    const stripe = await db.identity.create({
      data: { memberId: member.id, source: "stripe", externalId: "cus_9", displayName: "Dana Corp billing" },
    });
    const sub = await db.subscription.create({
      data: {
        memberId: member.id,
        source: "stripe",
        externalId: "sub_9",
        customerId: "cus_9",
        status: "active",
        mrrCents: 4900,
        tierRank: 1,
        startedAt: new Date("2025-01-01"),
      },
    });
    await db.subscriptionChange.create({
      data: {
        subscriptionId: sub.id,
        memberId: member.id,
        source: "stripe",
        externalId: "chg_9",
        kind: "new",
        toTier: 1,
        mrrAfterCents: 4900,
        occurredAt: new Date("2025-01-01"),
      },
    });
    await db.payment.create({
      data: {
        memberId: member.id,
        source: "stripe",
        externalId: "in_9",
        amountCents: 4900,
        currency: "usd",
        status: "paid",
        kind: "recurring",
        subscriptionExternalId: "sub_9",
        occurredAt: new Date("2025-01-01"),
      },
    });
    await db.memberNote.create({ data: { memberId: member.id, body: "met at the meetup" } });
    const split = await splitIdentity(null, stripe.id);
    expect(split.moved).toMatchObject({ subscriptions: 1, subscriptionChanges: 1, payments: 1, events: 0 });
    const to = split.newMemberId;
    expect(await db.member.findUniqueOrThrow({ where: { id: to } })).toMatchObject({
      displayName: "Dana Corp billing",
      currentMrrCents: 4900,
      tags: [],
    });
    expect(await db.member.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({
      currentMrrCents: 0,
    });
    expect(await db.memberNote.count({ where: { memberId: member.id } })).toBe(1);
    expect(await db.identity.findUniqueOrThrow({ where: { id: slack.id } })).toMatchObject({
      memberId: member.id,
    });
  });
});
