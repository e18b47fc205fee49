// Shared e2e constants and steps.
import { expect, type Page } from "@playwright/test";

export const ADMIN = {
  email: "admin@e2e.test",
  password: "e2e-admin-password",
  state: "e2e/.auth/admin.json",
};
export const VIEWER = {
  email: "viewer@e2e.test",
  password: "e2e-viewer-password",
  state: "e2e/.auth/viewer.json",
};

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}
