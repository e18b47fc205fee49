// A list's filters, search and sort live in the URL: a reload keeps them, and Back and Forward step through
// them as through pages (a filter change used to replace the entry, so Back left the list altogether).
import { expect, test } from "@playwright/test";
import { ADMIN } from "./helpers";

test.use({ storageState: ADMIN.state });

test("Back undoes a list's filter, search and sort one at a time; reload keeps them", async ({ page }) => {
  await page.goto("/");
  await page.goto("/members");
  const paying = page.getByLabel("Paying", { exact: true });
  const search = page.getByRole("searchbox", { name: "Search members" });
  const description = page.locator("main h1 + p");
  const all = await description.innerText();

  await paying.selectOption("1");
  await expect(page).toHaveURL(/\/members\?paying=1$/);
  await search.pressSequentially("an", { delay: 50 });
  await expect(page).toHaveURL(/\/members\?paying=1&q=an$/);
  // Each pause while typing commits, but one search is one history entry.
  await page.waitForTimeout(500);
  await search.pressSequentially("n", { delay: 50 });
  await expect(page).toHaveURL(/\/members\?paying=1&q=ann$/);
  await page.getByRole("button", { name: /^MRR/ }).click();
  await expect(page).toHaveURL(/sort=/);
  const sorted = page.url();
  const sortedText = await description.innerText();

  await page.reload();
  await expect(page).toHaveURL(sorted);
  await expect(paying).toHaveValue("1");
  await expect(search).toHaveValue("ann");
  await expect(description).toHaveText(sortedText);

  await page.goBack();
  await expect(page).toHaveURL(/\/members\?paying=1&q=ann$/);
  await page.goBack();
  await expect(page).toHaveURL(/\/members\?paying=1$/);
  await expect(search).toHaveValue("");
  await page.goBack();
  await expect(page).toHaveURL(/\/members$/);
  await expect(paying).toHaveValue("");
  await expect(description).toHaveText(all);
  await page.goForward();
  await expect(page).toHaveURL(/\/members\?paying=1$/);
  await expect(paying).toHaveValue("1");
});
