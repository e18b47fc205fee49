// Imports page: an admin uploads a git log and sees it in the history with its quarantined row;
// a viewer sees no upload form; the merge page lists suggestions.
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ADMIN, VIEWER, withE2eDatabase } from "./helpers";

test.describe("imports as admin", () => {
  test.use({ storageState: ADMIN.state });

  test("upload a git log, then see it queued or done in the history", async ({ page }) => {
    await page.goto("/imports");
    await expect(page.getByRole("heading", { name: "Imports" })).toBeVisible();
    const form = page.getByRole("form", { name: "Upload a file to import" });
    await form.getByLabel("Source").selectOption("git");
    await form.getByLabel("File").setInputFiles(path.resolve("lib/ingest/__fixtures__/git-log-sample.txt"));
    await form.getByRole("button", { name: "Upload and import" }).click();
    await expect(page.getByText(/Import #\d+ queued/)).toBeVisible();
    // The form is cleared, so a second click cannot upload the same file again by mistake.
    await expect(form.getByLabel("File")).toHaveValue("");
    await expect(
      page
        .getByRole("table", { name: "Import runs" })
        .getByRole("link", { name: "git-log-sample.txt" })
        .first(),
    ).toBeVisible();
  });

  test("at 1366×768 the history fits its container, long file names and errors included", async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    const form = page.getByRole("form", { name: "Upload a file to import" });
    const longName = "community-slack-workspace-full-export-2026-12-07-all-channels.zip";
    await page.goto("/imports");
    await form.getByLabel("Source").selectOption("slack");
    await form
      .getByLabel("File")
      .setInputFiles({ name: longName, mimeType: "application/zip", buffer: Buffer.from("not a zip") });
    await form.getByRole("button", { name: "Upload and import" }).click();
    await expect(page.getByText(/Import #\d+ queued/)).toBeVisible();
    const table = page.getByRole("table", { name: "Import runs" });
    const row = table.getByRole("row").filter({ hasText: longName });
    await expect(async () => {
      await page.reload();
      await expect(row.getByText("Failed", { exact: true })).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 60_000 });
    // The name and the error are cut to fit, with the whole text in a tooltip.
    await expect(row.getByRole("link", { name: longName })).toHaveAttribute("title", longName);
    const error = row.locator("p[title]");
    expect((await error.getAttribute("title"))!.length).toBeGreaterThan(0);
    const region = page.getByRole("region", { name: "Import runs (scrollable)" });
    expect(await region.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
    await expect(table.getByRole("columnheader", { name: "Identities linked" })).toBeInViewport();
    // Sources read as words that may wrap ("opencollective" as one word pushed the last column off the side).
    await expect(row.getByRole("cell", { name: "Slack", exact: true })).toBeVisible();
    // Imported can exceed Read (a row gives several records): the header says so.
    await expect(table.getByRole("columnheader", { name: "Imported" }).locator("[title]")).toHaveAttribute(
      "title",
      /can exceed Read/,
    );
    await page.screenshot({ path: "test-results/screens/imports-1366.png", fullPage: true });
    // The run's page gives the whole error, and the 9-byte file's size in bytes (it read "0.0 of 0.0 MB").
    await row.getByRole("link", { name: longName }).click();
    await expect(page.getByText(/not a readable zip archive/).first()).toBeVisible();
    await expect(page.getByText(/ of 9 bytes$/)).toBeVisible();
  });

  test("at 1366×768 the history fits with counts in the billions, the exact figure in a tooltip", async ({
    page,
  }) => {
    await page.setViewportSize({ width: 1366, height: 768 });
    const fileName = "opencollective-all-transactions-since-2016-full-history-export.csv";
    const [{ id }] = await withE2eDatabase(async (db) => {
      const { rows } = await db.query<{ id: number }>(
        `insert into import_runs (source, file_name, status, read, imported, duplicates, quarantined,
           members_created, identities_linked, error, started_at, finished_at)
         values ('opencollective', $1, 'failed', 2147483000, 2147483647, 1999999999, 1234567890, 1876543210,
           2000000000, 'stopped after 1,234,567,890 rows could not be read: the file is not UTF-8', now(), now())
         returning id`,
        [fileName],
      );
      return rows;
    });
    try {
      await page.goto("/imports");
      const row = page
        .getByRole("table", { name: "Import runs" })
        .getByRole("row")
        .filter({ hasText: fileName });
      await expect(row.getByRole("cell", { name: "2.1B" }).first().locator("[title]")).toHaveAttribute(
        "title",
        "2,147,483,000",
      );
      await expect(row.getByRole("link", { name: "1.2B" }).locator("[title]")).toHaveAttribute(
        "title",
        "1,234,567,890",
      );
      const region = page.getByRole("region", { name: "Import runs (scrollable)" });
      expect(await region.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
      await expect(
        page
          .getByRole("table", { name: "Import runs" })
          .getByRole("columnheader", { name: "Identities linked" }),
      ).toBeInViewport();
      await page.screenshot({ path: "test-results/screens/imports-1366-billions.png", fullPage: true });
    } finally {
      await withE2eDatabase((db) => db.query("delete from import_runs where id = $1", [id]));
    }
  });

  test("merge page renders", async ({ page }) => {
    await page.goto("/members/merge");
    await expect(page.getByRole("heading", { name: "Merge members" })).toBeVisible();
    await expect(page.getByRole("heading", { name: /Suggestions/ })).toBeVisible();
  });
});

test.describe("imports as viewer", () => {
  test.use({ storageState: VIEWER.state });

  test("no upload form, and the upload API refuses", async ({ page }) => {
    await page.goto("/imports");
    await expect(page.getByRole("form", { name: "Upload a file to import" })).toHaveCount(0);
    const res = await page.request.post("/api/v1/imports?source=git", {
      headers: { "x-file-name": "x.tsv" },
      data: "sha\tname\temail\tdate\n",
    });
    expect(res.status()).toBe(403);
  });
});
