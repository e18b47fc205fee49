// Campaigns as an admin meets them: preview with the power calculation, launch from the candidates
// list, record contact on one contacted member, read the results; a viewer can read but not launch.
import { expect, test } from "@playwright/test";
import { ADMIN, VIEWER } from "./helpers";

const NAME = `E2E upgrade asks ${Date.now()}`;

test.describe.serial("as an admin", () => {
  test.use({ storageState: ADMIN.state });
  let campaignUrl = "";

  test("previews and launches a campaign from the candidates list", async ({ page }) => {
    await page.goto(
      "/campaigns/new?sourceList=candidates&goal=upgrade&size=200&holdoutPercent=20&horizonWeeks=8",
    );
    await expect(page.getByRole("heading", { level: 1, name: "New campaign" })).toBeVisible();
    const preview = page.getByTestId("campaign-preview");
    await expect(preview).toContainText("Smallest detectable lift");
    await expect(preview).toContainText(/Expected base rate \d+\.\d%/);
    await page.screenshot({ path: "test-results/screens/campaign-preview.png", fullPage: true });

    const launch = page.getByRole("form", { name: "Launch campaign" });
    await launch.getByLabel("Campaign name").fill(NAME);
    await launch.getByRole("button", { name: "Launch campaign" }).click();
    await expect(page).toHaveURL(/\/campaigns\/\d+/);
    await expect(page.getByRole("heading", { level: 1, name: NAME })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: /Launched with \d+ members/ })).toBeVisible();
    campaignUrl = new URL(page.url()).pathname;
  });

  test("records contact on one contacted member, and the holdout has nothing to contact", async ({
    page,
  }) => {
    await page.goto(`${campaignUrl}?arm=contact`);
    const table = page.getByRole("table", { name: "Campaign members" });
    await expect(table).toBeVisible();
    const first = table.getByRole("button", { name: /^Mark .+ contacted$/ }).first();
    await first.click();
    await expect(page.getByRole("status").filter({ hasText: /^Marked .+ contacted\.$/ })).toBeVisible();
    await page.reload();
    await expect(
      page.getByRole("table", { name: "Campaign members" }).getByText("contacted", { exact: true }).first(),
    ).toBeVisible();

    await page.goto(`${campaignUrl}?arm=holdout`);
    const holdout = page.getByRole("table", { name: "Campaign members" });
    await expect(holdout.getByText("none (held out)").first()).toBeVisible();
    await expect(holdout.getByRole("button", { name: /^Mark .+ contacted$/ })).toHaveCount(0);
  });

  test("the results page shows both arms and the deciles, and no verdict before the horizon", async ({
    page,
  }) => {
    await page.goto(campaignUrl);
    await expect(page.getByTestId("result-state")).toHaveText(/Interim/);
    await expect(page.getByTestId("campaign-verdict")).toContainText(
      /Too early — first read on \d{1,2} \w{3} \d{4}/,
    );
    await expect(page.getByTestId("campaign-verdict")).not.toContainText(/p = |No detectable effect/);
    await expect(page.getByText("Contacted: converted so far")).toBeVisible();
    await expect(page.getByText("Held out: converted so far")).toBeVisible();
    await expect(page.getByTestId("uplift")).toHaveCount(0);
    await expect(page.getByRole("table", { name: "Uplift by score decile" })).toBeVisible();
    await expect(page.getByRole("group", { name: "Qini curve" })).toBeVisible();
    await page.screenshot({ path: "test-results/screens/campaign-results.png", fullPage: true });

    const id = campaignUrl.split("/").pop();
    const csv = await page.request.get(`/api/v1/campaigns/${id}/export`);
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toBe(
      "member_id,name,arm,score_decile,score,tier_at_start,tier_now,mrr_at_start_cents,outcome,final,outreach_status",
    );
    expect(text).toContain(",holdout,");
    expect(text).toContain(",contact,");
  });

  test("the list shows the campaign, and the pooled view groups by goal", async ({ page }) => {
    await page.goto("/campaigns");
    await expect(page.getByRole("link", { name: NAME })).toBeVisible();
    await page.screenshot({ path: "test-results/screens/campaigns.png", fullPage: true });
    await page.getByRole("link", { name: "Pooled by goal" }).click();
    await expect(page).toHaveURL(/pool=goal/);
    await expect(page.getByTestId("pooled-upgrade")).toBeVisible();
  });

  test("a second campaign on the same list skips members already in the active one", async ({ page }) => {
    await page.goto("/campaigns/new?sourceList=candidates&goal=upgrade&size=200&holdoutPercent=20");
    await expect(page.getByTestId("campaign-preview")).toContainText(
      /\d+ skipped because they are already in an active campaign/,
    );
  });
});

test.describe("as a viewer", () => {
  test.use({ storageState: VIEWER.state });

  test("can read campaigns but cannot launch, close or record contact", async ({ page }) => {
    await page.goto("/campaigns/new");
    await expect(page.getByText("Only admins can launch campaigns.")).toBeVisible();
    await expect(page.getByRole("form", { name: "Launch campaign" })).toHaveCount(0);
    await page.goto("/campaigns");
    await expect(page.getByRole("link", { name: "New campaign" })).toHaveCount(0);
    const link = page.getByRole("table", { name: "Campaigns" }).getByRole("link").first();
    await link.click();
    await expect(page.getByRole("button", { name: "Close campaign" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Mark .+ contacted$/ })).toHaveCount(0);
  });
});
