// Shared e2e constants and steps.
import { expect, type Page } from "@playwright/test";
import pg from "pg";
import { plannedEmbeddedUrl } from "../lib/db/embedded";

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

/**
 * Runs `work` with a client on the e2e server's database (playwright.config: `.data/e2e`), for a state no
 * click can reach in a test's time, such as an import of two billion rows.
 */
export async function withE2eDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = await plannedEmbeddedUrl({
    dir: ".data/e2e/pg",
    port: Number(process.env.E2E_PG_PORT ?? 54339),
    database: "groundswell",
  });
  const client = new pg.Client({ connectionString: url! });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
