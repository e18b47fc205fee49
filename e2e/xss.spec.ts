// Member-provided text (names, Slack-like messages) arriving through the ingest API is shown as
// text: neither a script tag nor an event-handler attribute runs on the pages that display it.
import { expect, test } from "@playwright/test";
import { ADMIN } from "./helpers";

test.use({ storageState: ADMIN.state });

test("a member name and message with markup are rendered inert", async ({ page }) => {
  const alerts: string[] = [];
  page.on("dialog", async (dialog) => {
    alerts.push(dialog.message());
    await dialog.dismiss();
  });

  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Create API token" });
  await form.getByLabel("Token name").fill("xss test");
  await form.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByTestId("new-token").innerText();

  const name = `Mallory <img src=x onerror="window.__xss=1;alert(1)">`;
  const text = `<script>window.__xss=2;alert(2)</script> hello`;
  const response = await page.request.post("/api/v1/events", {
    headers: { authorization: `Bearer ${token}` },
    data: {
      events: [
        {
          source: "slack",
          external_id: "xss-1",
          actor_source: "slack",
          actor_external_id: "UXSS",
          actor_name: name,
          type: "message",
          occurred_at: new Date().toISOString(),
          channel: "<b>general</b>",
          properties: { text },
        },
      ],
    },
  });
  expect(response.status()).toBeLessThan(300);

  await page.goto(`/members?q=${encodeURIComponent("Mallory")}`);
  const link = page.getByRole("link", { name: /Mallory/ }).first();
  await expect(link).toBeVisible();
  await expect(link).toContainText("<img src=x");
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Mallory <img");
  await page.waitForLoadState("networkidle");
  await page.screenshot({ path: "test-results/screens/xss-member.png", fullPage: true });

  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(alerts).toEqual([]);
  expect(await page.locator("img[src=x]").count()).toBe(0);
});
