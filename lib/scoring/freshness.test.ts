import { describe, expect, it } from "vitest";
import { billingFreshness, billingFreshnessMessage } from "./freshness";

describe("billingFreshness", () => {
  it.each([
    { through: "2026-03-10", stale: false, lag: 5 },
    { through: "2026-01-14", stale: false, lag: 60 },
    { through: "2026-01-13", stale: true, lag: 61 },
    { through: "2021-12-31", stale: true, lag: 1535 },
    { through: null, stale: true, lag: null },
  ])("data through $through as of 2026-03-15 → stale $stale", ({ through, stale, lag }) => {
    const [row] = billingFreshness("2026-03-15", [{ source: "stripe", dataThrough: through }]);
    expect(row.stale).toBe(stale);
    expect(row.lagDays).toBe(lag);
  });

  it("says plainly when no billing source is current", () => {
    const rows = billingFreshness("2026-08-01", [{ source: "opencollective", dataThrough: "2021-12-31" }]);
    expect(billingFreshnessMessage(rows)).toMatch(
      /opencollective \(data through 2021-12-31.*no billing source is current/,
    );
    expect(
      billingFreshnessMessage(
        billingFreshness("2026-08-01", [{ source: "stripe", dataThrough: "2026-07-30" }]),
      ),
    ).toBeNull();
    expect(billingFreshnessMessage([])).toMatch(/No billing source/);
  });
});
