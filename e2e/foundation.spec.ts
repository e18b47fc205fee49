// The skeleton as a new admin meets it: sign-in, the Overview with demo numbers, sign-out,
// redirects for signed-out visitors, and a viewer who cannot change anything.
import { expect, test } from "@playwright/test";
import { ADMIN, VIEWER, signIn } from "./helpers";

test.describe("as an admin", () => {
  test.use({ storageState: ADMIN.state });

  test("the Overview shows the demo community's numbers", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveTitle("Overview · Groundswell");
    const members = page.getByTestId("kpi-members");
    await expect(members).toBeVisible();
    const count = Number((await members.locator("p").nth(1).innerText()).replace(/\D/g, ""));
    expect(count).toBeGreaterThanOrEqual(2000);
    const mrr = await page.getByTestId("kpi-mrr").locator("p").nth(1).innerText();
    expect(Number(mrr.replace(/\D/g, ""))).toBeGreaterThan(0);
    await page.screenshot({ path: "test-results/screens/overview.png", fullPage: true });
  });

  test("every area of the navigation opens (a screenshot of each is kept)", async ({ page }) => {
    const paths = [
      "/",
      "/candidates",
      "/at-risk",
      "/members",
      "/cohorts",
      "/outreach",
      "/campaigns",
      "/organizations",
      "/reports",
      "/imports",
      "/model",
      "/settings",
    ];
    for (const path of paths) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await page.waitForLoadState("networkidle");
      const name = path === "/" ? "overview" : path.slice(1).replace(/\//g, "-");
      await page.screenshot({ path: `test-results/screens/page-${name}.png`, fullPage: true });
    }
  });

  test("on a phone the navigation stays usable", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Candidates" }).click();
    await expect(page).toHaveURL(/\/candidates/);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await page.screenshot({ path: "test-results/screens/phone-candidates.png", fullPage: false });
  });
});

test("signing out ends the session, and a copy of its cookie taken before stops working (#18 item 8)", async ({
  browser,
}) => {
  // A session of its own: signing out revokes it, so the shared admin session must not be used here.
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, ADMIN);
  const copied = await context.storageState();
  await page.getByRole("button", { name: "Sign out" }).first().click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/members");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fmembers/);
  await context.close();
  const thief = await browser.newContext({ storageState: copied });
  const stolen = await thief.newPage();
  await stolen.goto("/members");
  await expect(stolen).toHaveURL(/\/login/);
  await thief.close();
});

test("a signed-out visitor is sent to the login page, and the API refuses them", async ({
  page,
  request,
}) => {
  await page.goto("/candidates?tier=0");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fcandidates%3Ftier%3D0/);
  const api = await request.get("/api/v1/members", { headers: { cookie: "" } });
  expect(api.status()).toBe(401);
  const health = await request.get("/api/health");
  expect(health.status()).toBe(200);
});

test.describe("as a viewer", () => {
  test.use({ storageState: VIEWER.state });

  test("can read but cannot perform an admin action", async ({ page }) => {
    await page.goto("/settings");
    await expect(page.getByTestId("user-role")).toHaveText(/viewer/);
    await expect(page.getByRole("form", { name: "Add user" })).toHaveCount(0);
    // The server refuses too, not only the UI: a write through the API with the viewer's session.
    const response = await page.request.post("/api/v1/events", { data: { events: [] } });
    expect(response.status()).toBe(403);
  });
});
