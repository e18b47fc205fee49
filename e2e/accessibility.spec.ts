// axe-core on every page at desktop (1440×900) and phone (390×844) sizes: no serious or critical
// violation. Screenshots of each page are kept under test-results as artifacts.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN } from "./helpers";

const SIZES = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

const STATIC_PAGES = [
  "/",
  "/candidates",
  "/at-risk",
  "/members",
  "/cohorts",
  "/outreach",
  "/outreach?view=board",
  "/campaigns",
  "/campaigns/new",
  "/alerts",
  "/organizations",
  "/reports",
  "/imports",
  "/model",
  "/settings",
  "/organizations/settings",
];

async function firstHref(page: Page, from: string, pattern: RegExp): Promise<string> {
  await page.goto(from);
  // The table streams in after the page's shell (Suspense): wait for the link rather than race it.
  let href: string | null = null;
  await expect
    .poll(
      async () => {
        href = await page
          .locator("main a")
          .evaluateAll(
            (links, source) =>
              links.map((a) => a.getAttribute("href") ?? "").find((h) => new RegExp(source).test(h)) ?? null,
            pattern.source,
          );
        return href;
      },
      { message: `a link matching ${pattern} on ${from}` },
    )
    .toBeTruthy();
  return href!;
}

async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      first: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
}

test.describe("accessibility", () => {
  test.use({ storageState: ADMIN.state });
  test.setTimeout(600_000);

  for (const size of SIZES) {
    test(`every page has no serious axe violation at ${size.name} size`, async ({ page }, info) => {
      await page.setViewportSize({ width: size.width, height: size.height });
      const member = await firstHref(page, "/members", /^\/members\/\d+$/);
      const org = await firstHref(page, "/organizations", /^\/organizations\/\d+/);
      const failures: Record<string, unknown> = {};
      for (const path of [...STATIC_PAGES, member, org]) {
        await page.goto(path);
        await expect(page.locator("h1").first()).toBeVisible();
        await page.screenshot({
          path: info.outputPath(`${size.name}${path.replace(/[/?=]+/g, "-") || "-overview"}.png`),
          fullPage: false,
        });
        const found = await seriousViolations(page);
        if (found.length) failures[path] = found;
      }
      expect(failures).toEqual({});
    });
  }

  test("the login page has no serious axe violation", async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto("/login");
    expect(await seriousViolations(page)).toEqual([]);
    await context.close();
  });

  test("a skip link leads from the first Tab to the main content", async ({ page }) => {
    await page.goto("/candidates");
    await page.keyboard.press("Tab");
    const skip = page.getByRole("link", { name: "Skip to content" });
    await expect(skip).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page.locator("main#main")).toBeFocused();
  });

  test("the member page and the outreach tracker fit a phone screen", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const member = await firstHref(page, "/members", /^\/members\/\d+$/);
    for (const path of [member, "/outreach"]) {
      await page.goto(path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${path} scroll width`).toBeLessThanOrEqual(390);
    }
  });
});
