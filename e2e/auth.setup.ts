// Signs in once through the real login page as the admin, creates a viewer through Settings,
// and keeps both sessions (storageState) for the specs.
import { expect, test as setup } from "@playwright/test";
import { ADMIN, VIEWER, signIn } from "./helpers";

setup("sign in as admin and create a viewer", async ({ page, browser }) => {
  await signIn(page, ADMIN);
  await page.context().storageState({ path: ADMIN.state });

  await page.goto("/settings");
  const form = page.getByRole("form", { name: "Add user" });
  await form.getByLabel("Email").fill(VIEWER.email);
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByLabel("Password").fill(VIEWER.password);
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByText(`Added ${VIEWER.email} (viewer)`)).toBeVisible();

  const viewerContext = await browser.newContext();
  const viewerPage = await viewerContext.newPage();
  await signIn(viewerPage, VIEWER);
  await viewerContext.storageState({ path: VIEWER.state });
  await viewerContext.close();
});
