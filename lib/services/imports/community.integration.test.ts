// Slack, GitHub and git imports from real-shaped fixtures into a real database: events per type,
// members and links (a Slack profile naming a GitHub login; one email across git, Slack and Stripe),
// quarantined rows with reason and line, zip and gzip inputs, and re-runs that add nothing.
import { beforeEach, describe, expect, it } from "vitest";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type Stripe from "stripe";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { FIXTURES, tempDir, zipFolder } from "@/lib/ingest/__fixtures__/test-helpers";
import { eventFixture, stripeFixture, subscriptionFixture } from "@/lib/billing/__fixtures__/stripe-fixtures";
import { runImport } from "./run-import";
import { eventsByType, importChecksum, memberOf, memberOfHandle, tableCounts } from "./import-test-helpers";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));

const SLACK_TYPES = { message: 6, message_edit: 2, reaction: 7, thread_reply: 3 };
const GITHUB_TYPES = {
  create: 1,
  fork: 1,
  issue_comment: 2,
  issue_opened: 1,
  pr_merged: 1,
  pr_opened: 1,
  pr_review: 1,
  pr_review_comment: 1,
  push: 2,
  release: 1,
  star: 1,
};

async function quarantine() {
  return db.quarantinedRow.findMany({
    orderBy: { line: "asc" },
    select: { file: true, line: true, reason: true, raw: true },
  });
}

describe("Slack export", () => {
  it("imports the folder: events per type, members, the row without a timestamp quarantined", async () => {
    const s = await runImport({ source: "slack", file: path.join(FIXTURES, "slack-export") });
    expect(s).toMatchObject({
      status: "succeeded",
      read: 17,
      imported: 18,
      duplicates: 0,
      quarantined: 1,
      membersCreated: 7,
    });
    expect(await eventsByType(db)).toEqual(SLACK_TYPES);
    expect(await tableCounts(db)).toMatchObject({ members: 7, identities: 7, events: 18 });
    const [q] = await quarantine();
    expect(q).toMatchObject({ line: 3, reason: expect.stringContaining("ts") });
    expect(q.raw).toContain("this row lost its timestamp");
    const run = await db.importRun.findFirstOrThrow();
    expect(run).toMatchObject({
      status: "succeeded",
      read: 17,
      imported: 18,
      quarantined: 1,
      membersCreated: 7,
    });
    expect(await db.member.count({ where: { isBot: true } })).toBeGreaterThanOrEqual(2);
  });

  it("imports the same export zipped, and a re-run adds nothing", async () => {
    const dir = await tempDir();
    const zip = path.join(dir, "export.zip");
    await zipFolder(path.join(FIXTURES, "slack-export"), zip, "Acme Slack export/");
    const first = await runImport({ source: "slack", file: zip });
    expect(first).toMatchObject({ status: "succeeded", imported: 18, quarantined: 1, membersCreated: 7 });
    expect(await eventsByType(db)).toEqual(SLACK_TYPES);
    const sum = await importChecksum(db);
    const again = await runImport({ source: "slack", file: zip });
    expect(again).toMatchObject({ status: "succeeded", imported: 0, duplicates: 18, membersCreated: 0 });
    expect(await importChecksum(db)).toBe(sum);
    expect(await tableCounts(db)).toMatchObject({ members: 7, identities: 7, events: 18 });
  });
});

describe("GH Archive", () => {
  it("imports JSONL and the gzipped copy to the same rows; bad lines quarantined", async () => {
    const s = await runImport({ source: "github", file: path.join(FIXTURES, "gharchive-sample.jsonl") });
    expect(s).toMatchObject({
      status: "succeeded",
      read: 15,
      imported: 13,
      quarantined: 2,
      membersCreated: 8,
    });
    expect(await eventsByType(db)).toEqual(GITHUB_TYPES);
    expect((await quarantine()).map((q) => [q.line, q.reason.split(":")[0]])).toEqual([
      [16, "created_at"],
      [17, "invalid JSON"],
    ]);
    const sum = await importChecksum(db);

    await truncateAll(db);
    const dir = await tempDir();
    const gz = path.join(dir, "2024-03-01-15.json.gz");
    await writeFile(gz, gzipSync(await readFile(path.join(FIXTURES, "gharchive-sample.jsonl"))));
    const fromGz = await runImport({ source: "github", file: gz });
    expect(fromGz).toMatchObject({ status: "succeeded", imported: 13, quarantined: 2 });
    expect(await importChecksum(db)).toBe(sum);
    expect((await runImport({ source: "github", file: gz })).imported).toBe(0);
    expect(await importChecksum(db)).toBe(sum);
  });
});

describe("git log", () => {
  it("imports commits, quarantines the unreadable date, links orgs from email domains", async () => {
    const dir = await tempDir();
    const file = path.join(dir, "git.tsv");
    await copyFile(path.join(FIXTURES, "git-log-sample.txt"), file);
    const s = await runImport({ source: "git", file, repository: "acme/widgets" });
    expect(s).toMatchObject({ status: "succeeded", read: 7, imported: 6, quarantined: 1, membersCreated: 5 });
    expect(await eventsByType(db)).toEqual({ commit: 6 });
    const [q] = await quarantine();
    expect(q).toMatchObject({ line: 6, reason: expect.stringContaining("authored_at") });
    expect(q.raw).toBe("8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f\tBroken Clock\tbroken@acme.io\tyesterday");
    // Alice committed under two spellings of one address: one identity, one member, two commits.
    const alice = await memberOf(db, "git", "alice@acme.io");
    expect(await db.activityEvent.count({ where: { memberId: alice } })).toBe(2);
  });

  it("imports plain `git log --stat` output as the TSV of the same history, and the TSV after it adds nothing", async () => {
    const formats = path.join(FIXTURES, "git-log-formats");
    const s = await runImport({ source: "git", file: path.join(formats, "stat.txt"), repository: "acme/x" });
    // Five commit blocks: one merge (left out), four commits, two of Bob's co-authors.
    expect(s).toMatchObject({
      status: "succeeded",
      read: 5,
      imported: 6,
      quarantined: 0,
      extra: { mergesLeftOut: 1 },
    });
    expect(await eventsByType(db)).toEqual({ commit: 6 });
    const again = await runImport({
      source: "git",
      file: path.join(formats, "tsv.txt"),
      repository: "acme/x",
    });
    expect(again).toMatchObject({ status: "succeeded", imported: 0 });
    expect(await db.activityEvent.count()).toBe(6);
  });

  it("shows the Mautic history's real contributing companies", async () => {
    const s = await runImport({
      source: "git",
      file: path.resolve(process.cwd(), "../shared/data/mautic-commits.tsv"),
    });
    expect(s).toMatchObject({
      status: "succeeded",
      read: 22575,
      imported: 22575,
      quarantined: 0,
      membersCreated: 463,
    }); // nathaniel.kam@ and nathanielkam@gmail.com are one mailbox
    const orgs = await db.$queryRaw<{ name: string; members: number; commits: number }[]>`
      select o.name, count(distinct a.member_id)::int as members, count(e.id)::int as commits
        from organizations o join affiliations a on a.org_id = o.id join activity_events e on e.member_id = a.member_id
       group by o.name order by commits desc`;
    const names = orgs.map((o) => o.name.toLowerCase());
    expect(names.some((n) => n.includes("acquia"))).toBe(true);
    expect(names.some((n) => n.includes("gmail"))).toBe(false);
    const acquia = orgs.find((o) => o.name.toLowerCase().includes("acquia"))!;
    expect(acquia.members).toBeGreaterThan(5);
    // Each company once: an author's email domain and the organisation name read from it are one organisation, keyed by the domain
    // (before, 177 companies appeared twice, once by domain and once by name, each author affiliated with both).
    const [{ nameless }] = await db.$queryRaw<{ nameless: number }[]>`
      select count(*)::int as nameless from organizations o
       where not exists (select 1 from organization_domains d where d.org_id = o.id)`;
    expect(nameless).toBe(0);
    expect(await db.affiliation.count()).toBe(
      await db.affiliation.count({ where: { origin: "email-domain" } }),
    );
    expect(
      (
        await runImport({
          source: "git",
          file: path.resolve(process.cwd(), "../shared/data/mautic-commits.tsv"),
        })
      ).imported,
    ).toBe(0);
  });
});

describe("one member per person across sources", () => {
  it("joins Slack to GitHub by the profile's login, git by email and noreply login, Stripe by email", async () => {
    await runImport({ source: "github", file: path.join(FIXTURES, "gharchive-sample.jsonl") });
    const slack = await runImport({ source: "slack", file: path.join(FIXTURES, "slack-export") });
    // Alice (github.com/alice-a) and Bob (GitHub: bobthebuilder) join the GitHub members.
    expect(slack.identitiesLinked).toBe(2);
    expect(slack.membersCreated).toBe(5);
    expect(await memberOf(db, "slack", "U01ALICE")).toBe(await memberOfHandle(db, "github", "alice-a"));
    expect(await memberOf(db, "slack", "U02BOB")).toBe(await memberOfHandle(db, "github", "bobthebuilder"));
    expect(await memberOf(db, "slack", "U04DAVE")).not.toBe(await memberOfHandle(db, "github", "alice-a"));

    const git = await runImport({ source: "git", file: path.join(FIXTURES, "git-log-sample.txt") });
    // Alice, Bob and Dave by the email Slack knows; Mona by her noreply address's GitHub login.
    expect(git.identitiesLinked).toBe(4);
    expect(await memberOf(db, "git", "dave@example-corp.co.uk")).toBe(await memberOf(db, "slack", "U04DAVE"));
    expect(await memberOf(db, "git", "alice@acme.io")).toBe(await memberOfHandle(db, "github", "alice-a"));
    expect(await memberOf(db, "git", "bob.builder@gmail.com")).toBe(
      await memberOfHandle(db, "github", "bobthebuilder"),
    );
    expect(await memberOf(db, "git", "583231+mona@users.noreply.github.com")).toBe(
      await memberOfHandle(db, "github", "mona"),
    );

    const dir = await tempDir();
    const file = path.join(dir, "stripe.jsonl");
    const customer = stripeFixture<Stripe.Customer>("customer", {
      id: "cus_bob",
      email: "Bob.Builder@gmail.com",
      name: "Bob B.",
    });
    const sub = subscriptionFixture({ id: "sub_bob", customer: "cus_bob" }, [
      { unitAmount: 2500, interval: "month", lookupKey: "premium" },
    ]);
    const events = [
      eventFixture("customer.created", customer, 1_700_000_000, "evt_1"),
      eventFixture("customer.subscription.created", sub, 1_700_000_100, "evt_2"),
    ];
    await writeFile(file, events.map((e) => JSON.stringify(e)).join("\n"));
    const stripe = await runImport({ source: "stripe-events", file });
    expect(stripe.error).toBeNull();
    expect(stripe).toMatchObject({
      status: "succeeded",
      read: 2,
      imported: 2,
      membersCreated: 0,
      identitiesLinked: 1,
    });
    expect(stripe.billing).toMatchObject({ customers: 1, linked: 1, unlinked: 0 });
    const bob = await memberOf(db, "stripe", "cus_bob");
    expect(bob).toBe(await memberOfHandle(db, "github", "bobthebuilder"));
    expect(await db.member.findUniqueOrThrow({ where: { id: bob! } })).toMatchObject({
      currentTier: 1,
      currentMrrCents: 2500,
    });
    expect(await db.identity.count({ where: { memberId: bob } })).toBe(4);
    const again = await runImport({ source: "stripe-events", file });
    expect(again).toMatchObject({ imported: 0, duplicates: 2 });
  });
});
