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
