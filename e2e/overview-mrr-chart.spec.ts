// The Overview's MRR movements chart names every month on its axis at 1366 px: the in-progress month's long label
// ("2026-12 (so far)") hid the month before it (the last complete one).
import { expect, test } from "@playwright/test";
import { ADMIN } from "./helpers";

test.use({ storageState: ADMIN.state, viewport: { width: 1366, height: 768 } });

test("the MRR movements chart labels each of its 12 months at 1366 px", async ({ page }) => {
  await page.goto("/");
  const chart = page.getByRole("group", { name: /^MRR movements by month/ });
  const ticks = chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-label");
  await expect(ticks.first()).toBeVisible();
  // SVG text: its content ("2026-12so far" for a month with a note under it).
  const months = (await ticks.allTextContents()).map((t) => t.trim().slice(0, 7));
  expect(months).toHaveLength(12);
  for (const m of months) expect(m).toMatch(/^\d{4}-\d{2}$/);
  // Consecutive months, none left out.
  for (let i = 1; i < months.length; i++) {
    const [y, mo] = months[i - 1].split("-").map(Number);
    const next = mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, "0")}`;
    expect(months[i]).toBe(next);
  }
});
