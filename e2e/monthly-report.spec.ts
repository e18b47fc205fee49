// The monthly report's tables export as CSV like every other table, and its newcomer lists say who: names link to
// members, and the whole list is the Members list narrowed to them (same count), with its own CSV.
import { readFile } from "node:fs/promises";
import { expect, type Page, test } from "@playwright/test";
import { ADMIN } from "./helpers";

test.use({ storageState: ADMIN.state });

async function download(page: Page, link: ReturnType<Page["getByRole"]>): Promise<string[]> {
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return (await readFile((await file.path())!, "utf8")).trimEnd().split("\r\n");
}

/** "2026-11" for a month `back` months before this one (UTC), as the report names its columns. */
const monthBefore = (back: number) => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1)).toISOString().slice(0, 7);
};

test("each ranked table exports as CSV with the rows it shows", async ({ page }) => {
  await page.goto("/reports");
  // The report opens on the last complete month.
  const [month, before] = [monthBefore(1), monthBefore(2)].map((m) => m.replace("-", "_"));
  const section = page.getByRole("region", { name: "Top contributors" });
  const names = await section
    .getByRole("group", { name: "Top contributors" })
    .getByRole("link")
    .allInnerTexts();
  expect(names.length).toBeGreaterThan(0);
  const lines = await download(page, section.getByRole("link", { name: "Export CSV: Top contributors" }));
  expect(lines[0]).toBe(`rank,member_id,name,contributions_${month},contributions_${before}`);
  expect(lines).toHaveLength(names.length + 1);
  expect(lines[1]).toMatch(/^1,\d+,/);
  for (const title of [
    "Most active members",
    "Top organisations by contributions",
    "Top organisations by activity",
  ])
    await expect(
      page.getByRole("region", { name: title }).getByRole("link", { name: `Export CSV: ${title}` }),
    ).toBeVisible();
  const bad = await page.request.get(`/api/v1/reports?month=${monthBefore(1)}&format=csv`);
  expect(bad.status()).toBe(400);
});

test("the new members are all one click away, the count agrees, and they export", async ({ page }) => {
  await page.goto("/reports");
  const section = page.getByRole("region", { name: /^New members \(/ });
  const total = Number(
    (await section.getByRole("heading").innerText()).match(/\(([\d,]+)\)/)![1].replaceAll(",", ""),
  );
  expect(total).toBeGreaterThan(0);
  await expect(section).not.toContainText("…");
  const named = section.getByRole("paragraph").getByRole("link");
  const shown = await named.count();
  expect(shown).toBeGreaterThan(0);
  if (total > shown)
    await expect(section).toContainText(`and ${(total - shown).toLocaleString("en-US")} more.`);
  const csv = await download(page, section.getByRole("link", { name: /^Export CSV: New members/ }));
  expect(csv[0]).toMatch(/^id,name,/);
  expect(csv).toHaveLength(total + 1);

  await section.getByRole("link", { name: /^(See all [\d,]+ in Members|Open in Members)$/ }).click();
  await expect(page).toHaveURL(/\/members\?kpi=joined&month=\d{4}-\d{2}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Members" })).toBeVisible();
  await expect(
    page.getByText(`${total.toLocaleString("en-US")} matching members: who joined in`),
  ).toBeVisible();

  // A newcomer's name opens their page.
  await page.goBack();
  const first = named.first();
  const name = (await first.innerText()).trim();
  await first.click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
});
