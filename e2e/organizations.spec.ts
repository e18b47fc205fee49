// Organisations and the monthly report as an admin meets them: the list, an organisation's
// partner status, the report and its Markdown download; the public report is off by default.
import { expect, test } from "@playwright/test";
import { ADMIN, VIEWER } from "./helpers";

test.describe("as an admin", () => {
  test.use({ storageState: ADMIN.state });

  test("opens Organisations and an organisation's partner status", async ({ page }) => {
    await page.goto("/organizations");
    await expect(page.getByRole("heading", { level: 1, name: "Organisations" })).toBeVisible();
    const table = page.getByRole("table", { name: "Organisations" });
    await expect(table).toBeVisible();
    await table.getByRole("link").first().click();
    await expect(page.getByTestId("partner-status")).toBeVisible();
    await expect(page.getByRole("group", { name: /contributions per month/ })).toBeVisible();
    // Each rule is marked by an icon (emoji showed as empty boxes without a colour-emoji font) and says
    // met / not met to a screen reader.
    const rules = page.getByTestId("partner-rule");
    expect(await rules.count()).toBeGreaterThan(0);
    for (const rule of await rules.all()) {
      await expect(rule.locator("svg")).toHaveCount(1);
      await expect(rule).toHaveText(/^\s*(met|not met):/);
      await expect(rule).not.toContainText(/[✅❌]/u);
    }
    // How each affiliation was found reads as words ("email-domain" was shown as stored).
    const affiliations = page.getByRole("table").filter({ hasText: "Origin" });
    await expect(affiliations).toContainText(/Email domain|Set by an admin|Profile|Imported/);
    await expect(affiliations).not.toContainText(/email-domain|\bmanual\b|\bimport\b/);
    // The affiliated members are links that look like links.
    const member = affiliations.getByRole("link").first();
    expect(await member.evaluate((el) => getComputedStyle(el).color)).not.toBe(
      await page.evaluate(() => getComputedStyle(document.body).color),
    );
  });

  test("an organisation opens on the month chosen in the list", async ({ page }) => {
    await page.goto("/organizations");
    const earlier = page.getByRole("navigation", { name: "Month" }).getByRole("link").first();
    const label = (await earlier.innerText()).trim();
    await earlier.click();
    const nav = page.getByRole("navigation", { name: "Month" });
    await expect(nav.getByRole("link", { name: label, exact: true })).toHaveAttribute("aria-current", "page");
    await page.getByRole("table", { name: "Organisations" }).getByRole("link").first().click();
    await expect(page.getByText(`Partner status for ${label}`)).toBeVisible();
  });

  test("the month in progress is drawn apart, not as a drop", async ({ page }) => {
    await page.goto("/organizations");
    const soFar = page.getByRole("navigation", { name: "Month" }).getByRole("link", { name: /so far/ });
    if ((await soFar.count()) === 0) {
      // The data ends on a month's last day (the demo ends today, so on the 1st): no month is in progress and no
      // organisation's chart may draw a dashed end.
      await page.getByRole("table", { name: "Organisations" }).getByRole("link").first().click();
      await expect(page.getByRole("group", { name: /contributions per month/ })).toBeVisible();
      await expect(page.getByText(/The dashed end is .* so far/)).toHaveCount(0);
      return;
    }
    const label = (await soFar.innerText()).replace(/\s*\(so far\)\s*$/, "");
    await soFar.click();
    await expect(soFar).toHaveAttribute("aria-current", "page");
    await page.getByRole("table", { name: "Organisations" }).getByRole("link").first().click();
    await expect(page.getByText(`The dashed end is ${label} so far, not a whole month.`)).toBeVisible();
    await expect(page.getByRole("group", { name: /contributions per month/ })).toContainText(
      `${label} so far`,
    );
  });

  test("opens the monthly report and downloads it as Markdown", async ({ page }) => {
    await page.goto("/reports");
    await expect(page.getByRole("heading", { level: 1, name: /Monthly report/ })).toBeVisible();
    await expect(page.getByRole("region", { name: "Top organisations by contributions" })).toBeVisible();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "Download Markdown" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^community-report-\d{4}-\d{2}\.md$/);
    const path = await download.path();
    const { readFile } = await import("node:fs/promises");
    const text = await readFile(path, "utf8");
    expect(text).toContain("# Community report");
    expect(text).toContain("## Top organisations by contributions");
  });

  test("Settings leads to the contribution settings (they live beside Organisations)", async ({ page }) => {
    await page.goto("/settings");
    await page
      .getByRole("region", { name: "Contributions" })
      .getByRole("link", { name: "Contribution settings" })
      .click();
    await expect(page.getByRole("heading", { level: 1, name: "Contribution settings" })).toBeVisible();
  });

  test("opens the contribution settings and the alert feed", async ({ page }) => {
    await page.goto("/organizations/settings");
    await expect(page.getByRole("heading", { level: 1, name: "Contribution settings" })).toBeVisible();
    await expect(page.getByRole("form", { name: "Activity type Commit" })).toBeVisible();
    await page.goto("/organizations/alerts");
    await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  });
});

test("the public report is off by default and the export needs a session", async ({ page, request }) => {
  const response = await page.goto("/report/public");
  expect(response?.status()).toBe(404);
  const api = await request.get("/api/v1/reports?format=md");
  expect(api.status()).toBe(401);
});

test.describe("manual contributions as an admin", () => {
  test.use({ storageState: ADMIN.state });

  test("a manual contribution is credited to a member picked by email, not typed as an id", async ({
    page,
  }) => {
    await page.goto("/members");
    const first = page.getByRole("table", { name: "Members" }).getByRole("row").nth(1);
    const href = (await first.getByRole("link").first().getAttribute("href"))!;
    const name = (await first.getByRole("link").first().innerText()).trim();
    const email = (await first.getByText(/@/).first().innerText()).trim();
    await page.goto("/organizations/settings");
    const form = page.getByRole("form", { name: "Credit a manual contribution" });
    await expect(form.getByRole("spinbutton")).toHaveCount(0);
    const picker = form.getByRole("combobox", { name: "Member", exact: true });
    await picker.fill(email);
    const option = form.getByRole("listbox", { name: "Member suggestions" }).getByRole("option").first();
    await expect(option).toContainText(email);
    await picker.press("Enter");
    await expect(picker).toHaveValue(name);
    // Long ago, so the figures other tests read do not move.
    await form.getByLabel("Date").fill("2019-01-10");
    const note = `Ran the 2019 sprint (${Date.now()})`;
    await form.getByLabel("What they did").fill(note);
    await form.getByRole("button", { name: "Credit contribution" }).click();
    await expect(form.getByRole("status")).toHaveText("Credited");
    // The member's whole event export (codes, as an API keeps them) holds the credited contribution.
    const csv = await (await page.request.get(`/api/v1${href}/events/export`)).text();
    const line = csv.split("\n").find((l) => l.includes(note));
    expect(line).toContain("manual_contribution");
  });
});

test.describe("as a viewer", () => {
  test.use({ storageState: VIEWER.state });

  test("sees organisations but no admin forms", async ({ page }) => {
    await page.goto("/organizations/settings");
    await expect(page.getByRole("heading", { level: 1, name: "Contribution settings" })).toBeVisible();
    await expect(page.getByRole("form", { name: "Credit a manual contribution" })).toHaveCount(0);
  });
});

// At 1366 px the table scrolled sideways (1276 px of columns in 1076): every default column fits, for the
// last complete month and for the month in progress (whose change header is longer).
test.describe("at 1366×768", () => {
  test.use({ storageState: ADMIN.state, viewport: { width: 1366, height: 768 } });

  test("the organisations table does not scroll sideways", async ({ page }) => {
    await page.goto("/organizations");
    const soFar = page.getByRole("navigation", { name: "Month" }).getByRole("link", { name: /\(so far\)$/ });
    const hrefs = [page.url(), ...((await soFar.count()) ? [await soFar.first().getAttribute("href")] : [])];
    for (const href of hrefs) {
      await page.goto(href!);
      await expect(page.locator("tbody tr").first()).toBeVisible();
      // Counts read with thousands separators, and the last count says what it counts.
      await expect(page.getByRole("columnheader", { name: /Other activity/ })).toBeVisible();
      const counts = await page.locator("tbody tr td").allInnerTexts();
      expect(counts.filter((t) => /^\d{4,}$/.test(t.trim()))).toEqual([]);
      const region = page.getByRole("region", { name: /\(scrollable\)$/ });
      const [scroll, client] = await region.evaluate((el) => [el.scrollWidth, el.clientWidth]);
      expect(scroll, `${href}: ${scroll} > ${client} px`).toBeLessThanOrEqual(client + 1);
    }
  });

  test("each filter's shown choice says what it filters, and stays in the URL", async ({ page }) => {
    // "All organisations" beside "Any organisation" read as the same filter.
    await page.goto("/organizations");
    const staff = page.getByRole("combobox", { name: "Staff organisation" });
    const paying = page.getByRole("combobox", { name: "Paying members" });
    await expect(staff.locator("option:checked")).toHaveText("Staff organisation included");
    await expect(paying.locator("option:checked")).toHaveText("Paying members or not");
    await staff.selectOption({ label: "Staff organisation left out" });
    await expect(page).toHaveURL(/staff=exclude/);
    await paying.selectOption({ label: "With paying members" });
    await expect(page).toHaveURL(/accounts=paying/);
    await page.reload();
    await expect(staff.locator("option:checked")).toHaveText("Staff organisation left out");
    await expect(paying.locator("option:checked")).toHaveText("With paying members");
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
  });

  test("an affiliation is added by picking the member by name, with the keyboard", async ({ page }) => {
    await page.goto("/members");
    const first = page.getByRole("table", { name: "Members" }).getByRole("row").nth(1).getByRole("link");
    const name = (await first.first().innerText()).trim();
    await page.goto("/organizations");
    await page.getByRole("table", { name: "Organisations" }).getByRole("link").first().click();
    const form = page.getByRole("form", { name: "Add affiliation" });
    // No raw member id to type any more.
    await expect(form.getByRole("spinbutton")).toHaveCount(0);
    const picker = form.getByRole("combobox", { name: "Member", exact: true });
    await picker.fill(name);
    const options = form.getByRole("listbox", { name: "Member suggestions" }).getByRole("option");
    await expect(options.first()).toContainText(name);
    await expect(options.first()).toHaveAttribute("aria-selected", "true");
    await picker.press("ArrowDown");
    await picker.press("ArrowUp");
    await expect(picker).toHaveAttribute(
      "aria-activedescendant",
      (await options.first().getAttribute("id"))!,
    );
    await picker.press("Enter");
    await expect(picker).toHaveValue(name);
    await expect(picker).toHaveAttribute("aria-expanded", "false");
    // A closed affiliation long ago, so the partner figures other tests read do not move.
    await form.getByLabel("From").fill("2019-01-07");
    await form.getByLabel("Until").fill("2019-03-04");
    await form.getByRole("button", { name: "Add affiliation" }).click();
    await expect(form.getByRole("status")).toHaveText("Saved");
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
  });
});
