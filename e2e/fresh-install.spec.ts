// A fresh install with no data (DEMO=0), on its own server and database beside the suite's: each page says
// what to do first instead of showing zeros, empty charts or "no results, try clearing the filters".
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { expect, test } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 7;
const BASE = `http://localhost:${PORT}`;
const DIR = ".data/e2e-fresh";
const ADMIN = { email: "fresh@e2e.test", password: "fresh-admin-password" };

let server: ChildProcess | undefined;

test.use({ baseURL: BASE, storageState: { cookies: [], origins: [] } });
test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  rmSync(DIR, { recursive: true, force: true });
  server = spawn("npx", ["tsx", "--conditions=react-server", "scripts/start.ts"], {
    detached: true,
    stdio: "ignore",
    env: {
      ...process.env,
      PORT: String(PORT),
      EMBEDDED_PG_PORT: String(Number(process.env.E2E_PG_PORT ?? 54339) + 7),
      GROUNDSWELL_DATA_DIR: DIR,
      DEMO: "0",
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      NEXTAUTH_URL: BASE,
    },
  });
  await expect
    .poll(async () => (await fetch(`${BASE}/api/health`).catch(() => null))?.status ?? 0, {
      timeout: 200_000,
      intervals: [1000],
    })
    .toBe(200);
});

test.afterAll(async () => {
  if (!server?.pid) return;
  const exited = new Promise((resolve) => server!.once("exit", resolve));
  process.kill(-server.pid, "SIGINT");
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
  rmSync(DIR, { recursive: true, force: true });
});

test("each page of an empty install says what to do first", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(ADMIN.email);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

  // The Overview: no tiles of zeros, no empty MRR chart; the way in.
  const start = page.getByTestId("getting-started");
  await expect(start).toBeVisible();
  await expect(start.getByRole("link", { name: "Import files" })).toHaveAttribute("href", "/imports");
  await expect(start.getByRole("link", { name: "Connect a service" })).toBeVisible();
  await expect(page.getByTestId("kpi-members")).toHaveCount(0);
  await expect(page.getByText("MRR movements")).toHaveCount(0);
  await page.screenshot({ path: "test-results/screens/fresh-overview.png", fullPage: true });

  // Lists with no filter set: nothing yet, and where it comes from; a filter that matches nothing: no results.
  for (const [path, title] of [
    ["/members", "No members yet"],
    ["/organizations", "No organisations yet"],
    ["/outreach", "No outreach yet"],
  ]) {
    await page.goto(path);
    await expect(page.getByRole("status").filter({ hasText: title })).toBeVisible();
    await expect(page.getByText("Try changing or clearing the filters.")).toHaveCount(0);
  }
  await page.goto("/members?q=nobody");
  await expect(page.getByText("Try changing or clearing the filters.")).toBeVisible();
  await expect(page.getByText("No members yet")).toHaveCount(0);
  await page.goto("/members");
  await page.getByRole("status").getByRole("link", { name: "Imports" }).click();
  await expect(page).toHaveURL(/\/imports$/);
});
