import { describe, expect, it } from "vitest";
import { nextCronRun } from "./schedule";

describe("nextCronRun", () => {
  it.each([
    ["*/15 * * * *", "2026-12-06T05:07:30Z", "2026-12-06T05:15:00.000Z"],
    ["*/15 * * * *", "2026-12-06T05:15:00Z", "2026-12-06T05:30:00.000Z"],
    ["*/15 * * * *", "2026-12-06T05:52:00Z", "2026-12-06T06:00:00.000Z"],
    ["*/7 * * * *", "2026-12-06T05:57:00Z", "2026-12-06T06:00:00.000Z"],
    ["* * * * *", "2026-12-06T05:57:10Z", "2026-12-06T05:58:00.000Z"],
    ["30 * * * *", "2026-12-06T05:31:00Z", "2026-12-06T06:30:00.000Z"],
    ["30 * * * *", "2026-12-06T05:10:00Z", "2026-12-06T05:30:00.000Z"],
  ])("%s after %s → %s", (cron, now, next) => {
    expect(nextCronRun(cron, new Date(now))?.toISOString()).toBe(next);
  });
  it.each([["0 3 * * *"], ["nonsense"], ["*/0 * * * *"]])("%s is not a shape it knows → null", (cron) => {
    expect(nextCronRun(cron, new Date())).toBeNull();
  });
});
