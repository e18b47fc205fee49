// Settings → Connectors: an admin connects a Discourse forum (a local server shaped like Discourse's
// API), the worker backfills it, the page shows the state and events; revoking deletes the token.
// A viewer sees no connector controls.
import { expect, test } from "@playwright/test";
import { discourseWorld, startFakeDiscourse } from "../lib/connectors/__fixtures__/fake-discourse";
import { ADMIN, VIEWER } from "./helpers";

test.describe("connectors as admin", () => {
  test.use({ storageState: ADMIN.state });

  test("connect Discourse, watch the first sync land, then revoke", async ({ page }) => {
    // The worker shares its process with the start-up recompute, which can hold it for minutes on a busy machine.
    test.setTimeout(420_000);
    const forum = await startFakeDiscourse(discourseWorld({ posts: 120, users: 12 }));
    try {
      await page.goto("/settings/connectors");
      const section = page.getByRole("region", { name: "Discourse" });
      // A retry starts from where a failed attempt stopped: revoke what it connected first.
      if (test.info().retry > 0 && (await section.getByRole("button", { name: "Revoke" }).count()) > 0) {
        page.once("dialog", (dialog) => dialog.accept());
        await section.getByRole("button", { name: "Revoke" }).click();
        await expect(section.getByText("revoked (no token stored)")).toBeVisible();
      } else {
        await expect(section.getByText("not connected")).toBeVisible();
      }
      const form = section.getByRole("form", { name: "Connect discourse" });
      await form.getByLabel("Forum address").fill(forum.url);
      await form.getByLabel("API key").fill(forum.data.apiKey);
      await form.getByRole("button", { name: "Connect" }).click();
      // The page re-renders as connected (the form folds away with its message).
      await expect(section.getByText(/^connected/)).toBeVisible();
      // The worker picks the job up within seconds; reload until the sync has run. The events land
      // before the run is marked finished ("connected, syncing now"), so wait for both.
      await expect(async () => {
        await page.reload();
        const region = page.getByRole("region", { name: "Discourse" });
        await expect(region.getByText(/^117\b/)).toBeVisible({ timeout: 1000 });
        await expect(region.getByText("connected", { exact: true })).toBeVisible({ timeout: 1000 });
      }).toPass({ timeout: 360_000, intervals: [2000, 5000] });
      const after = page.getByRole("region", { name: "Discourse" });
      await expect(after.getByRole("progressbar", { name: "Sync progress" })).toHaveAttribute(
        "aria-valuenow",
        "100",
      );
      // The API key is never sent back to the page.
      expect(await page.content()).not.toContain(forum.data.apiKey);

      page.once("dialog", (dialog) => dialog.accept());
      await after.getByRole("button", { name: "Revoke" }).click();
      // The page re-renders without the token: Sync now and Revoke are gone.
      await expect(after.getByText("revoked (no token stored)")).toBeVisible();
      await expect(after.getByRole("button", { name: "Sync now" })).toHaveCount(0);
    } finally {
      await forum.close();
    }
  });
});

test.describe("connectors as viewer", () => {
  test.use({ storageState: VIEWER.state });

  test("sees no connector controls", async ({ page }) => {
    await page.goto("/settings/connectors");
    await expect(page.getByText("Only admins can see and change connectors.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Connect" })).toHaveCount(0);
  });
});
