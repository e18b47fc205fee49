// Keyboard use of a button whose action runs on the server: the focus stays on it while the action runs
// and after the page refreshes (a disabled button dropped the focus to the page's top).
import { expect, test } from "@playwright/test";
import { ADMIN } from "./helpers";

test.use({ storageState: ADMIN.state });

test("toggling do-not-contact with the keyboard keeps the focus on the toggle", async ({ page }) => {
  await page.goto("/members?sort=-lastActive");
  const first = page
    .getByRole("table", { name: "Members" })
    .getByRole("row")
    .nth(1)
    .getByRole("link")
    .first();
  const name = (await first.innerText()).trim();
  await first.click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const bar = page.getByRole("toolbar", { name: "Member actions" });

  const mark = bar.getByRole("button", { name: "Do not contact" });
  await mark.focus();
  await page.keyboard.press("Enter");
  await expect(bar.getByRole("status")).toHaveText(`${name} is marked do not contact.`);
  const allow = bar.getByRole("button", { name: "Allow contact again" });
  await expect(allow).toHaveAttribute("aria-pressed", "true");
  await expect(allow).toBeFocused();

  // And back, still from the keyboard.
  await page.keyboard.press("Enter");
  await expect(bar.getByRole("status")).toHaveText(`${name} can be contacted again.`);
  await expect(bar.getByRole("button", { name: "Do not contact" })).toBeFocused();
});

test("dismissing an alert from the keyboard moves the focus to the next alert's Dismiss", async ({
  page,
}) => {
  await page.goto("/alerts");
  const rows = page.getByTestId("alert-row");
  const dismiss = (row: number) => rows.nth(row).getByRole("button", { name: /^Dismiss/ });
  // The alert's message (the span beside its kind's badge and date).
  const message = (await rows.nth(0).locator("span.min-w-0").innerText()).trim();
  const firstName = ((await dismiss(0).textContent()) ?? "").trim();
  const secondName = ((await dismiss(1).textContent()) ?? "").trim();
  await dismiss(0).focus();
  await page.keyboard.press("Enter");
  await expect(rows.filter({ hasText: message })).toHaveCount(0);
  // The alert that was second is first now, its Dismiss focused.
  await expect(dismiss(0)).toBeFocused();
  await expect(dismiss(0)).toHaveText(secondName);
  expect(firstName).not.toBe("");

  // Put it back for the other specs, from the dismissed feed.
  await page.goto("/alerts?state=dismissed");
  await rows.filter({ hasText: message }).getByRole("button", { name: "Restore" }).click();
  await expect(rows.filter({ hasText: message })).toHaveCount(0);
});

test("merging a suggested pair from the keyboard moves the focus to the next suggestion's Merge", async ({
  page,
}) => {
  await page.goto("/members/merge");
  const merges = page.getByTestId("merge-suggestion").getByRole("button", { name: /^Merge / });
  expect(await merges.count()).toBeGreaterThan(1);
  const label = (await merges.first().getAttribute("aria-label"))!;
  await merges.first().focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: label, exact: true })).toHaveCount(0);
  // Another suggestion's Merge has the focus (it was the page's top), after the page refreshed too.
  const focused = page.locator('[data-action="merge"]:focus');
  await expect(focused).toHaveCount(1);
  await expect(focused).toHaveAttribute("aria-label", /^Merge /);
  expect(await focused.getAttribute("aria-label")).not.toBe(label);

  // Undo it for the other specs.
  const merged = label.replace(/^Merge (.*) into .*$/, "$1");
  await page
    .getByRole("button", { name: `Undo merge of ${merged}` })
    .first()
    .click();
  await expect(page.getByRole("button", { name: label, exact: true })).toHaveCount(1);
});

test("the default sort column turns from the keyboard: Rank goes descending, then back", async ({ page }) => {
  await page.goto("/candidates");
  const table = page.getByRole("table", { name: /Upgrade candidates|Candidates/ });
  const header = table.getByRole("columnheader", { name: "Rank" });
  await expect(header).toHaveAttribute("aria-sort", "ascending");
  await header.getByRole("button", { name: "Rank" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/[?&]sort=-rank\b/);
  await expect(header).toHaveAttribute("aria-sort", "descending");
  await expect(header.getByRole("button", { name: "Rank" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/[?&]sort=rank\b/);
  await expect(header).toHaveAttribute("aria-sort", "ascending");
});
