// Settings' audit log exports as CSV, every entry with its details, for a signed-in admin only: the page shows
// the latest 50 and no details, and a viewer sees the table but neither the link nor the file.
import { expect, test } from "@playwright/test";
import { ADMIN, VIEWER } from "./helpers";

test.describe("as an admin", () => {
  test.use({ storageState: ADMIN.state });

  test("exports the whole audit log, newest first, with details", async ({ page }) => {
    await page.goto("/settings");
    const link = page.getByRole("link", { name: "Export CSV: the whole audit log" });
    expect(await link.getAttribute("href")).toBe("/api/v1/audit/export");
    const res = await page.request.get("/api/v1/audit/export");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-disposition"]).toMatch(/filename="audit-log-/);
    const lines = (await res.text()).split("\r\n").filter(Boolean);
    expect(lines[0]).toBe("id,at,who,action,entity,entity_id,details");
    const shown = page.getByRole("region", { name: "Audit log (scrollable)" }).locator("tbody tr");
    expect(lines.length - 1).toBeGreaterThanOrEqual(await shown.count());
    const newest = (await shown.first().getByRole("cell").nth(2).innerText()).trim();
    // A background job may log an entry between the page and the file: the page's newest is among the first.
    expect(lines.slice(1, 6).map((l) => l.split(",")[3])).toContain(newest);
  });
});

test.describe("as a viewer", () => {
  test.use({ storageState: VIEWER.state });

  test("sees the log but cannot export it", async ({ page }) => {
    await page.goto("/settings");
    await expect(page.getByRole("region", { name: "Audit log (scrollable)" })).toBeVisible();
    await expect(page.getByRole("link", { name: /Export CSV: the whole audit log/ })).toHaveCount(0);
    expect((await page.request.get("/api/v1/audit/export")).status()).toBe(403);
  });
});
