// The outreach tracker: list and board views in the URL, editing in a dialog, a conflict when two
// admins edit the same record, CSV export, and a viewer who can read but not change.
import { expect, test } from "@playwright/test";
import { ADMIN, VIEWER } from "./helpers";

test.describe("as an admin", () => {
  test.use({ storageState: ADMIN.state });

  test("switches between list and board, keeping filters in the URL", async ({ page }) => {
    await page.goto("/outreach");
    await expect(page.getByRole("heading", { name: "Outreach", level: 1 })).toBeVisible();
    const rows = page.locator("tbody tr");
    expect(await page.getByText("No results").count(), "the demo community's outreach records").toBe(0);
    await page.getByLabel("List", { exact: true }).selectOption("at-risk");
    await expect(page).toHaveURL(/list=at-risk/);
    await expect(rows.first()).toContainText("At-risk members");
    await page.getByRole("link", { name: "Board" }).click();
    await expect(page).toHaveURL(/view=board/);
    await expect(page).toHaveURL(/list=at-risk/);
    await expect(page.getByTestId("board-column-todo")).toBeVisible();
    await expect(page.getByTestId("conversion-by-list")).toBeVisible();
    await page.screenshot({ path: "test-results/screens/outreach-board-filtered.png", fullPage: true });
  });

  test("at 1366×768 the conversion tables show every column", async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto("/outreach");
    for (const id of ["conversion-by-list", "conversion-by-assignee"]) {
      const region = page.getByTestId(id);
      await expect(region.getByRole("columnheader", { name: "Rate" })).toBeVisible();
      // Side by side, each table scrolled its Rate column out of view.
      expect(await region.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    }
    await page.screenshot({ path: "test-results/screens/outreach-1366.png", fullPage: true });
  });

  test("each conversion table exports as CSV, with the page's figures", async ({ page }) => {
    await page.goto("/outreach");
    for (const [by, title] of [
      ["list", "by list"],
      ["assignee", "by assignee"],
    ] as const) {
      const link = page.getByRole("link", { name: `Export CSV: conversion ${title}` });
      expect(await link.getAttribute("href")).toBe(`/api/v1/outreach/conversion/export?by=${by}`);
      const res = await page.request.get((await link.getAttribute("href"))!);
      expect(res.status()).toBe(200);
      expect(res.headers()["content-disposition"]).toContain(`outreach-conversion-by-${by}`);
      const lines = (await res.text()).split("\r\n").filter(Boolean);
      expect(lines[0]).toBe(`${by},contacted,resolved,converted,claimed,rate`);
      const shown = page.getByTestId(`conversion-by-${by}`).locator("tbody tr");
      expect(lines.length - 1).toBe(await shown.count());
      const first = lines[1].split(",");
      await expect(shown.first().getByRole("rowheader")).toHaveText(first[0]);
      await expect(shown.first().getByRole("cell").first()).toHaveText(first[1]);
    }
    expect((await page.request.get("/api/v1/outreach/conversion/export?by=tier")).status()).toBe(400);
  });

  test("at 1366×768 each status control shows its whole label", async ({ page }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto("/outreach?status=no_response");
    const selects = page.getByRole("combobox", { name: /^Status of / });
    await expect(selects.first()).toBeVisible();
    // The chosen option's text, in the select's own font, must fit beside its padding and arrow.
    const cut = await selects.evaluateAll((els) => {
      const ctx = document.createElement("canvas").getContext("2d")!;
      return (els as HTMLSelectElement[]).flatMap((el) => {
        const style = getComputedStyle(el);
        ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const text = el.selectedOptions[0]?.text ?? "";
        const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
        return ctx.measureText(text).width > room ? [text] : [];
      });
    });
    expect(cut).toEqual([]);
  });

  test("a member's page names outreach kind and status as the Outreach page does", async ({ page }) => {
    await page.goto("/outreach?status=no_response");
    const row = page.locator("tbody tr").first();
    const kind = (await row.getByRole("cell").nth(2).innerText()).trim();
    await row.getByRole("link").first().click();
    const history = page.getByRole("table", { name: "Outreach history" });
    await expect(history.getByText("No response").first()).toBeVisible();
    await expect(history.getByText(kind).first()).toBeVisible();
    await expect(history).not.toContainText("no_response");
  });

  test("edits a record in a dialog, and a second stale edit gets a conflict", async ({ page, browser }) => {
    await page.goto("/outreach?sort=-updated");
    expect(await page.getByText("No results").count(), "outreach records to edit").toBe(0);
    const other = await browser.newContext({ storageState: ADMIN.state });
    const otherPage = await other.newPage();
    await otherPage.goto("/outreach?sort=-updated");

    await page
      .getByRole("button", { name: /Edit outreach for/ })
      .first()
      .click();
    await otherPage
      .getByRole("button", { name: /Edit outreach for/ })
      .first()
      .click();
    const note = `e2e note ${Date.now()}`;
    await page.getByRole("dialog").getByLabel("Note").fill(note);
    await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("dialog")).toBeHidden();

    await otherPage.getByRole("dialog").getByLabel("Note").fill("stale edit");
    await otherPage.getByRole("dialog").getByRole("button", { name: "Save" }).click();
    await expect(otherPage.getByRole("dialog").getByRole("alert")).toContainText(
      "Someone else changed this record",
    );
    await otherPage.screenshot({ path: "test-results/screens/outreach-conflict.png" });
    await other.close();

    const csv = await page.request.get("/api/v1/outreach/export");
    expect(csv.status()).toBe(200);
    const text = await csv.text();
    expect(text.split("\r\n")[0]).toContain("member id");
    expect(text).toContain(note);
    expect(text).not.toContain("stale edit");
  });
});

test.describe("as a viewer", () => {
  test.use({ storageState: VIEWER.state });

  test("reads the tracker but has no edit controls and cannot PATCH", async ({ page }) => {
    await page.goto("/outreach?view=board");
    await expect(page.getByRole("heading", { name: "Outreach", level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: /Edit outreach for/ })).toHaveCount(0);
    await expect(page.getByLabel(/^Status of /)).toHaveCount(0);
    const list = await page.request.get("/api/v1/outreach");
    expect(list.status()).toBe(200);
    const first = (await list.json()).rows[0];
    expect(first, "an outreach record").toBeTruthy();
    const patch = await page.request.patch(`/api/v1/outreach/${first.id}`, {
      data: { version: first.version, note: "viewer" },
    });
    expect(patch.status()).toBe(403);
  });
});
