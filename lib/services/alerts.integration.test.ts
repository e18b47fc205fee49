// Alerts from weekly_activity on crafted histories: a quiet member, a dropping organisation and a
// returning member become alerts once (dedupe_key), and a digest goes to the mailer.
import { beforeEach, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { ensureDefaultActivityTypes } from "./activity-types";
import { rebuildWeeklyActivity } from "./rollups";
import { evaluateAlerts, type AlertMessage } from "./alerts";
import { recentAlerts } from "@/lib/data/alerts";

const db = useTestDatabase();
const NOW = new Date("2024-07-03T12:00:00Z"); // judged week: Monday 2024-06-24
const WEEK = 7 * 86_400_000;
let seq = 0;

/** `perWeek[i]` events in the week i weeks before the judged week's Monday (i = 0 is that week). */
async function history(memberId: number, perWeek: Record<number, number>) {
  const data = Object.entries(perWeek).flatMap(([ago, n]) =>
    Array.from({ length: n }, (_, k) => ({
      memberId,
      source: "slack",
      externalId: `m${++seq}`,
      type: "message",
      occurredAt: new Date(Date.parse("2024-06-24T10:00:00Z") - Number(ago) * WEEK + k * 60_000),
    })),
  );
  await db.activityEvent.createMany({ data });
}
const weeks = (from: number, to: number, n: number) =>
  Object.fromEntries(Array.from({ length: to - from + 1 }, (_, i) => [from + i, n]));

beforeEach(async () => {
  await truncateAll(db);
  await ensureDefaultActivityTypes();
});

it("raises quiet, drop and welcome-back alerts once each, and e-mails a digest", async () => {
  const quiet = await db.member.create({ data: { displayName: "Quiet Quinn" } });
  const back = await db.member.create({ data: { displayName: "Back Bea" } });
  const steady = await db.member.create({ data: { displayName: "Steady Sam" } });
  const dropper = await db.member.create({ data: { displayName: "Dropping Dee" } });
  const acme = await db.organization.create({ data: { name: "Acme", slug: "acme" } });
  await db.affiliation.create({
    data: { memberId: dropper.id, orgId: acme.id, startsAt: new Date("2020-01-01"), origin: "manual" },
  });
  await history(quiet.id, weeks(4, 20, 3));
  await history(back.id, { ...weeks(14, 20, 2), 0: 4 });
  await history(steady.id, weeks(0, 20, 2));
  await history(dropper.id, { ...weeks(4, 16, 10), ...weeks(0, 3, 2) });
  await rebuildWeeklyActivity();

  const sent: AlertMessage[] = [];
  const mailer = { mailer: { send: async (m: AlertMessage) => void sent.push(m) }, to: "team@example.org" };
  const first = await evaluateAlerts({ now: NOW, mailer });
  expect(first.asOfWeek).toBe("2024-06-24");
  const alerts = await db.alert.findMany({ orderBy: { dedupeKey: "asc" } });
  expect(alerts.map((a) => a.dedupeKey)).toEqual([
    `drop:member:${dropper.id}:2024-06`,
    `drop:org:${acme.id}:2024-06`,
    `quiet:member:${quiet.id}:since-2024-05-27`,
    `welcome_back:member:${back.id}:2024-06-24`,
  ]);
  expect(alerts.find((a) => a.orgId === acme.id)!.message).toContain("Acme");
  expect(sent).toHaveLength(1);
  expect(sent[0].subject).toContain("4 new alerts");
  expect(sent[0].text).toContain("Quiet Quinn");

  const again = await evaluateAlerts({ now: NOW, mailer });
  expect(again.created).toBe(0);
  expect(await db.alert.count()).toBe(4);
  expect(sent).toHaveLength(1);

  const feed = await recentAlerts(10);
  expect(feed.find((a) => a.kind === "quiet")!.href).toBe(`/members/${quiet.id}`);
  expect(feed.find((a) => a.orgId === acme.id)!.href).toBe(`/organizations/${acme.id}`);
});

it("skips e-mail when SMTP is not configured", async () => {
  const m = await db.member.create({ data: { displayName: "Q" } });
  const steady = await db.member.create({ data: { displayName: "S" } });
  await history(m.id, weeks(4, 20, 3));
  await history(steady.id, weeks(0, 20, 1));
  await rebuildWeeklyActivity();
  expect(process.env.SMTP_URL).toBeUndefined();
  const result = await evaluateAlerts({ now: NOW });
  expect(result).toMatchObject({ created: 1, emailed: false });
});
