// The Overview's MRR movements chart names every month on its axis at 1366 px, in words ("Jul 2026", not the
// stored "2026-07"): the in-progress month's long label ("Dec 2026 (so far)") once hid the month before it.
import { expect, test } from "@playwright/test";
import { ADMIN } from "./helpers";

test.use({ storageState: ADMIN.state, viewport: { width: 1366, height: 768 } });

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

test("the MRR movements chart labels each of its 12 months in words at 1366 px", async ({ page }) => {
  await page.goto("/");
  const chart = page.getByRole("group", { name: /^MRR movements by month/ });
  const ticks = chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-label");
  await expect(ticks.first()).toBeVisible();
  // SVG text: its content ("Dec 2026so far" for a month with a note under it).
  // (British short names, as the pages' dates: "Sept 2026".)
  const months = (await ticks.allTextContents()).map(
    (t) => /^[A-Z][a-z]{2,3} \d{4}/.exec(t.trim())?.[0] ?? t,
  );
  expect(months).toHaveLength(12);
  for (const m of months) expect(m).toMatch(/^[A-Z][a-z]{2,3} \d{4}$/);
  // Consecutive months, none left out.
  const index = (m: string) => Number(m.split(" ")[1]) * 12 + MONTHS.indexOf(m.slice(0, 3));
  for (let i = 1; i < months.length; i++) expect(index(months[i])).toBe(index(months[i - 1]) + 1);
  // The churn table below names its months the same way.
  const table = page.getByRole("table", { name: "MRR churn by month" });
  await expect(table.locator("tbody tr").first().locator("td").first()).toHaveText(/^[A-Z][a-z]{2,3} \d{4}/);
  await expect(table).not.toContainText(/\b\d{4}-\d{2}\b/);
});
