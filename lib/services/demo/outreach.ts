// A few dozen past outreach rows for the demo: upgrade asks that worked (created before a real upgrade),
// open asks to members whose activity is rising, renewal check-ins with fading payers, and win-backs.
import type { WeeklyAggregates } from "./activity";
import type { Rng } from "./random";
import { DAY_MS, type DemoChange, type DemoMember, type DemoOutreach, type DemoTimeline } from "./types";

const CHANNELS = ["email", "slack_dm", "call"];

/** Last 4 weeks over the 8 before, from the season-adjusted weekly weights. */
function endTrend(weekly: WeeklyAggregates, member: number, weeks: number): number {
  const o = member * weeks;
  let recent = 0;
  let before = 0;
  for (let k = weeks - 4; k < weeks; k++) recent += weekly.weight[o + k];
  for (let k = weeks - 12; k < weeks - 4; k++) before += weekly.weight[o + k];
  return Math.log((recent / 4 + 1) / (before / 8 + 1));
}

export function generateOutreach(
  members: DemoMember[],
  changes: DemoChange[],
  weekly: WeeklyAggregates,
  timeline: DemoTimeline,
  rng: Rng,
): DemoOutreach[] {
  const { end, weeks } = timeline;
  // Outcomes drawn after the contact can land past `end`; the demo is seeded for `end`, so cap them there.
  const notAfterEnd = (at: number) => Math.min(at, end);
  const rows: DemoOutreach[] = [];
  const used = new Set<number>();
  const eligible = (i: number) =>
    !members[i].isBot && !members[i].isStaff && !members[i].doNotContact && !used.has(i);
  const add = (row: Omit<DemoOutreach, "channel">) => {
    used.add(row.member);
    rows.push({ ...row, channel: rng.pick(CHANNELS) });
  };

  // Asks that preceded an actual upgrade in the last four months.
  const recentUpgrades = changes.filter(
    (c) => (c.kind === "new" || c.kind === "upgrade") && c.occurredAt > end - 120 * DAY_MS,
  );
  for (const c of recentUpgrades.slice(-40)) {
    if (rows.length >= 10 || !eligible(c.member) || !rng.chance(0.5)) continue;
    const createdAt = c.occurredAt - rng.int(7, 30) * DAY_MS;
    const contactedAt = createdAt + rng.int(0, 3) * DAY_MS;
    add({
      member: c.member,
      kind: "upgrade",
      list: "candidates",
      status: "upgraded",
      note: "Invited to try Premium after a busy month.",
      createdAt,
      dueAt: createdAt + 7 * DAY_MS,
      contactedAt,
      outcomeAt: c.occurredAt,
      outcome: `Moved to ${c.toPlanKey}`,
    });
  }

  const byTrend = members
    .map((_, i) => i)
    .filter(eligible)
    .map((i) => ({ i, trend: endTrend(weekly, i, weeks) }));
  byTrend.sort((a, b) => b.trend - a.trend || a.i - b.i);
  const rising = byTrend.filter((r) => members[r.i].currentTier === 0).slice(0, 18);
  for (const { i } of rising) {
    const status = rng.pick(["todo", "todo", "contacted", "replied", "no_response", "declined"] as const);
    const createdAt = end - rng.int(2, 40) * DAY_MS;
    const contactedAt = status === "todo" ? null : createdAt + rng.int(0, 2) * DAY_MS;
    const done = status === "no_response" || status === "declined";
    add({
      member: i,
      kind: "upgrade",
      list: "candidates",
      status,
      note: "Activity rising; suggest Premium workshop seats.",
      createdAt,
      dueAt: createdAt + 10 * DAY_MS,
      contactedAt,
      outcomeAt: done && contactedAt ? notAfterEnd(contactedAt + rng.int(5, 14) * DAY_MS) : null,
      outcome: done ? (status === "declined" ? "Not in budget this quarter" : null) : null,
    });
  }

  const fading = [...byTrend]
    .reverse()
    .filter((r) => members[r.i].currentTier > 0 && !used.has(r.i))
    .slice(0, 12);
  for (const { i } of fading) {
    const status = rng.pick(["todo", "contacted", "renewed", "no_response"] as const);
    const createdAt = end - rng.int(3, 60) * DAY_MS;
    const contactedAt = status === "todo" ? null : createdAt + rng.int(0, 3) * DAY_MS;
    add({
      member: i,
      kind: "renewal",
      list: "at-risk",
      status,
      note: "Quieter lately; check the plan still fits.",
      createdAt,
      dueAt: createdAt + 7 * DAY_MS,
      contactedAt,
      outcomeAt:
        status === "renewed" && contactedAt ? notAfterEnd(contactedAt + rng.int(3, 20) * DAY_MS) : null,
      outcome: status === "renewed" ? "Stayed on plan" : null,
    });
  }

  const cancels = changes.filter((c) => c.kind === "cancel" && c.occurredAt > end - 200 * DAY_MS);
  for (const c of cancels.slice(0, 30)) {
    if (rows.length >= 48 || !eligible(c.member) || members[c.member].currentTier > 0 || !rng.chance(0.4))
      continue;
    const createdAt = Math.min(end - DAY_MS, c.occurredAt + rng.int(5, 30) * DAY_MS);
    add({
      member: c.member,
      kind: "reactivation",
      list: "member",
      status: rng.pick(["contacted", "no_response", "declined"] as const),
      note: "Win-back offer after cancellation.",
      createdAt,
      dueAt: null,
      contactedAt: createdAt + DAY_MS,
      outcomeAt: null,
      outcome: null,
    });
  }
  return rows.sort((a, b) => a.createdAt - b.createdAt || a.member - b.member);
}
