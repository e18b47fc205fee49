// The Alerts feed exports as CSV like every other list: all alerts of the state and kind shown (not just the
// page), from the same read as the page; bad filters are refused, and a viewer may read it too.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, VIEWER } from "./helpers";

async function exported(page: Page) {
  const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/csv");
  expect(response.headers()["content-disposition"]).toMatch(/attachment; filename="alerts-/);
  const lines = (await response.text()).split("\r\n").filter((l) => l.length > 0);
  return { href: href!, header: lines[0], rows: lines.slice(1) };
}

test.describe("as an admin", () => {
  test.use({ storageState: ADMIN.state });

  test("exports every open alert of the kind chosen", async ({ page }) => {
    await page.goto("/alerts");
    const all = await exported(page);
    expect(all.href).toBe("/api/v1/alerts/export?state=open");
    expect(all.header).toBe(
      "id,kind,message,week_or_time,raised_at,member_id,member,organisation_id,organisation,read_at,snoozed_until,dismissed_at",
    );
    // The demo raises its alerts deterministically (161 on day one): more than a page of 50.
    expect(all.rows.length).toBeGreaterThan(50);

    const kinds = page.getByRole("navigation", { name: "Alert kind" }).getByRole("link");
    const drop = kinds.filter({ hasText: "Activity drop" });
    const count = Number(await drop.locator("span").innerText());
    await drop.click();
    await expect(page).toHaveURL(/kind=drop/);
    const drops = await exported(page);
    expect(drops.href).toBe("/api/v1/alerts/export?state=open&kind=drop");
    expect(drops.rows).toHaveLength(count);
    expect(drops.rows.every((r) => r.split(",")[1] === "drop")).toBe(true);
  });

  test("refuses filters it does not know", async ({ page }) => {
    for (const query of ["state=bogus", "kind=nope", "kind=constructor"]) {
      const response = await page.request.get(`/api/v1/alerts/export?${query}`);
      expect(response.status(), query).toBe(400);
      expect((await response.json()).code, query).toBe("invalid_request");
    }
  });
});

test.describe("as a viewer", () => {
  test.use({ storageState: VIEWER.state });

  test("can export the feed it can read", async ({ page }) => {
    await page.goto("/alerts?state=dismissed");
    const { href } = await exported(page);
    expect(href).toBe("/api/v1/alerts/export?state=dismissed");
  });
});
