import { describe, expect, it } from "vitest";
import { seasonFactor } from "./activity";
import { EVENT_TYPES } from "./catalog";
import { generateDemoCommunity, totalEventWeight } from "./generate";

const options = { seed: 11, members: 400, months: 8, now: new Date("2026-01-20T00:00:00Z") };

describe("generateDemoCommunity", () => {
  it("gives identical data for the same seed and different data for another", () => {
    const a = generateDemoCommunity(options);
    const b = generateDemoCommunity(options);
    const c = generateDemoCommunity({ ...options, seed: 12 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(totalEventWeight(c)).not.toBe(totalEventWeight(a));
  });

  it("keeps every event inside the window, on an account the member has", () => {
    const d = generateDemoCommunity(options);
    // Tallied, then asserted once: one expect per event took seconds on a loaded machine.
    const outside: number[] = [];
    const accountless: number[] = [];
    for (let i = 0; i < d.events.count; i++) {
      if (d.events.at[i] < d.timeline.start || d.events.at[i] >= d.timeline.end) outside.push(i);
      if (!(d.members[d.events.member[i]].identity[EVENT_TYPES[d.events.type[i]].source] >= 0))
        accountless.push(i);
    }
    expect(d.events.count).toBeGreaterThan(0);
    expect(outside).toEqual([]);
    expect(accountless).toEqual([]);
    expect(d.members.filter((m) => m.lastActiveAt < m.joinedAt)).toEqual([]);
  });

  it("dates nothing after the day it is seeded for (due dates and billing period ends look ahead)", () => {
    for (const seed of [11, 12, 13]) {
      const d = generateDemoCommunity({ ...options, seed });
      const end = d.timeline.end;
      const late = (rows: Record<string, unknown>[], fields: string[]) =>
        rows.flatMap((row, i) =>
          fields
            .filter((f) => typeof row[f] === "number" && (row[f] as number) > end)
            .map((f) => `${i}.${f}`),
        );
      expect(late(d.members as never, ["joinedAt", "lastActiveAt"])).toEqual([]);
      expect(late(d.subscriptions as never, ["startedAt", "canceledAt"])).toEqual([]);
      expect(late(d.changes as never, ["occurredAt"])).toEqual([]);
      expect(late(d.payments as never, ["occurredAt"])).toEqual([]);
      expect(late(d.outreach as never, ["createdAt", "contactedAt", "outcomeAt"])).toEqual([]);
      expect(
        d.outreach.filter((o) => o.outcomeAt !== null && o.outcomeAt < (o.contactedAt ?? o.createdAt)),
      ).toEqual([]);
    }
  });

  it("keeps each member's tier in step with their subscriptions", () => {
    const d = generateDemoCommunity(options);
    d.members.forEach((m, i) => {
      const active = d.subscriptions.filter((s) => s.member === i && s.status === "active");
      expect(active.length).toBeLessThanOrEqual(1);
      expect(m.currentTier).toBe(active[0]?.tierRank ?? 0);
      expect(m.currentMrrCents).toBe(active[0]?.mrrCents ?? 0);
    });
  });
});

describe("seasonFactor", () => {
  it.each([
    ["2025-11-10", 1],
    ["2025-12-08", 0.8],
    ["2025-12-22", 0.5],
    ["2025-07-28", 0.85],
  ])("week starting %s → %d", (day, factor) => {
    expect(seasonFactor(Date.parse(`${day}T00:00:00Z`))).toBe(factor);
  });
});
