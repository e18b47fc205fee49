// Where the Overview sends an admin: the members list shows the drill-down's filter as a control that can be
// removed (it was only a line of text, and "Clear filters" left it on), and the top-ranked cards show each
// score as the lists do (they printed raw scores such as 0.33 where the list says "High").
import { expect, test } from "@playwright/test";
import { ADMIN } from "./helpers";

test.use({ storageState: ADMIN.state });

const total = async (page: import("@playwright/test").Page) =>
  Number((await page.getByText(/^[\d,]+ matching members/).innerText()).split(" ")[0].replace(/,/g, ""));

test("the paying drill-down is a filter the members list shows and can remove", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("kpi-paying").getByRole("link", { name: "Paying members" }).click();
  await expect(page).toHaveURL(/\/members\?paying=1/);
  await expect(page.getByLabel("Paying", { exact: true })).toHaveValue("1");
  const paying = await total(page);

  await page.getByLabel("Paying", { exact: true }).selectOption("");
  await expect(page).not.toHaveURL(/paying=/);
  await expect.poll(() => total(page)).toBeGreaterThan(paying);

  // And back, from the list itself (there was no way to ask for paying members but the Overview).
  await page.getByLabel("Paying", { exact: true }).selectOption("1");
  await expect(page).toHaveURL(/paying=1/);
  await expect.poll(() => total(page)).toBe(paying);
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).not.toHaveURL(/paying=/);
});

test("a monthly figure's drill-down shows as a chip that removes it", async ({ page }) => {
  await page.goto("/");
  const active = page.getByRole("link", { name: /^Active in / }).first();
  const month = (await active.innerText()).replace(/^Active in /, "").trim();
  await active.click();
  await expect(page).toHaveURL(/kpi=active&month=\d{4}-\d{2}/);
  const drilled = await total(page);
  await expect(page.getByText(`Active in ${month}`, { exact: true })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/members-drilldown.png" });

  await page.getByRole("button", { name: `Remove filter: Active in ${month}` }).click();
  await expect(page).not.toHaveURL(/kpi=|month=/);
  await expect.poll(() => total(page)).toBeGreaterThan(drilled);
  await expect(page.getByRole("button", { name: /^Remove filter:/ })).toHaveCount(0);
});

test("the Overview's top-ranked cards show scores as the lists do", async ({ page }) => {
  test.setTimeout(120_000);
  for (const [card, path] of [
    ["Top upgrade candidates", "/candidates"],
    ["Top at-risk members", "/at-risk"],
  ] as const) {
    // Read again if a recompute (an earlier test's import) rewrote the day's ranking between the two pages.
    await expect(async () => {
      await page.goto("/");
      const first = page.getByRole("list", { name: card }).getByRole("listitem").first();
      const name = (await first.getByRole("link").innerText()).replace(/^#\d+\s+/, "");
      const shown = (await first.getByTestId("ranked-score").innerText()).replace(/^score\s*/, "").trim();
      expect(shown).toMatch(/^(\d+\.\d%|High|Medium|Low)$/);

      await page.goto(`${path}?outreach=show&q=${encodeURIComponent(name)}`);
      const row = page.locator("tbody tr").filter({ hasText: name }).first();
      const headers = await page.getByRole("columnheader").allInnerTexts();
      const scoreCell = row.locator("td").nth(headers.findIndex((h) => h.trim() === "Score"));
      await expect(scoreCell).toHaveText(shown, { timeout: 3_000 });
    }).toPass({ timeout: 90_000 });
  }
});

test("the members list counts as the Overview does: bots hidden by default and said so, shown on request", async ({
  page,
}) => {
  const csvRows = async () => {
    const href = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    const text = await (await page.request.get(href!)).text();
    return text.trim().split("\r\n").length - 1;
  };
  await page.goto("/");
  const tile = page.getByTestId("kpi-members");
  const overview = Number((await tile.locator("p.text-2xl").innerText()).replace(/,/g, ""));
  const note = (await tile.getByText(/^Excludes [\d,]+ bots?\.$/).innerText()).match(/[\d,]+/)![0];
  const bots = Number(note.replace(/,/g, ""));
  expect(bots).toBeGreaterThan(0);

  await tile.getByRole("link", { name: "Members" }).click();
  await expect(page).toHaveURL(/\/members$/);
  await expect(page.getByLabel("Bots", { exact: true })).toHaveValue("");
  expect(await total(page)).toBe(overview);
  await expect(
    page.getByText(`${bots.toLocaleString("en")} bot${bots === 1 ? "" : "s"} hidden`),
  ).toBeVisible();
  await expect(page.locator("tbody").getByText("bot", { exact: true })).toHaveCount(0);
  expect(await csvRows()).toBe(overview);

  await page.getByLabel("Bots", { exact: true }).selectOption("include");
  await expect(page).toHaveURL(/bots=include/);
  await expect.poll(() => total(page)).toBe(overview + bots);
  await expect(page.getByText(/bots? hidden/)).toHaveCount(0);
  expect(await csvRows()).toBe(overview + bots);
});

test("the Overview's top-ranked cards name the first members of the lists they link to", async ({ page }) => {
  test.setTimeout(120_000);
  for (const [card, path] of [
    ["Top upgrade candidates", "/candidates"],
    ["Top at-risk members", "/at-risk"],
  ] as const) {
    // Read again if a recompute (an earlier test's import) rewrote the day's ranking between the two pages.
    await expect(async () => {
      await page.goto("/");
      const list = page.getByRole("list", { name: card });
      const names = (await list.getByRole("listitem").getByRole("link").allInnerTexts()).map((t) =>
        t.replace(/^#\d+\s+/, "").trim(),
      );
      expect(names.length).toBeGreaterThan(0);
      await expect(
        page.getByText("Members with open outreach are left out, as in the list.").first(),
      ).toBeVisible();

      await page.goto(path); // the list as it opens: open outreach hidden
      const firstNames = await page
        .locator("tbody tr")
        .evaluateAll(
          (rows, n) => rows.slice(0, n).map((r) => r.querySelector("a")?.textContent?.trim() ?? ""),
          names.length,
        );
      expect(firstNames).toEqual(names);
    }).toPass({ timeout: 90_000 });
  }
});
