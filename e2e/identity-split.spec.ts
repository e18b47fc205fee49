// Splitting an identity off a member from the member page: two git authors that are one GitHub account by number
// are one member; the admin splits one off, lands on the new member, and re-joins it. A viewer sees no button.
import { expect, type Page, test } from "@playwright/test";
import { ADMIN, VIEWER } from "./helpers";

const FIRST = "Erin Splitwell";
const SECOND = "Frank Joinedwrong";

/** Imports two commits whose noreply addresses carry one account number (4242), so the importer joins them. */
async function importJoinedPair(page: Page): Promise<string> {
  const log = [
    "sha\tauthor_name\tauthor_email\tauthored_at",
    `${"5".repeat(40)}\t${FIRST}\t4242+erin-splitwell@users.noreply.github.com\t2026-11-03T10:00:00+01:00`,
    `${"6".repeat(40)}\t${SECOND}\t4242+frank-joinedwrong@users.noreply.github.com\t2026-11-04T10:00:00+01:00`,
  ].join("\n");
  const res = await page.request.post("/api/v1/imports?source=git", {
    headers: { "content-type": "application/octet-stream", "x-file-name": "split-pair.tsv" },
    data: Buffer.from(`${log}\n`),
  });
  expect(res.ok()).toBe(true);
  const table = page.getByRole("table", { name: "Members" });
  await expect(async () => {
    await page.goto(`/members?q=${encodeURIComponent(FIRST)}`);
    await expect(table.getByRole("link", { name: FIRST })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await table.getByRole("link", { name: FIRST }).click();
  await expect(page.getByRole("heading", { name: FIRST, level: 1 })).toBeVisible();
  return new URL(page.url()).pathname;
}

const identities = (page: Page) => page.getByRole("table", { name: "Identities" });

test("an admin splits an identity off, lands on the new member, and re-joins it; a viewer sees no button", async ({
  browser,
}) => {
  test.setTimeout(180_000); // an import through the queue, then two pages in two sessions
  const admin = await browser.newPage({ storageState: ADMIN.state });
  const memberPath = await importJoinedPair(admin);
  await expect(identities(admin).getByRole("row")).toHaveCount(3);
  await expect(identities(admin).getByRole("button", { name: /^Split off git/ })).toHaveCount(2);
  // "Linked by" in words, the source named as the pages name it, not the stored "same GitHub account as git …".
  await expect(identities(admin)).toContainText(
    new RegExp(`Same GitHub account as (${FIRST}|${SECOND}) \\(git\\)`),
  );
  await expect(identities(admin)).not.toContainText(/ as git /);

  const viewer = await browser.newPage({ storageState: VIEWER.state });
  await viewer.goto(memberPath);
  await expect(identities(viewer).getByText(SECOND, { exact: true })).toBeVisible();
  await expect(viewer.getByRole("button", { name: /Split off/ })).toHaveCount(0);
  await viewer.close();

  await identities(admin)
    .getByRole("button", { name: `Split off git ${SECOND}` })
    .click();
  const dialog = admin.getByRole("dialog", { name: `Split off ${SECOND}?` });
  await expect(dialog.getByText("this identity and its 1 event")).toBeVisible();
  await dialog.getByRole("button", { name: "Split off" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "is a member of its own now" })).toBeVisible();
  await admin.getByRole("link", { name: "Open the new member" }).click();
  await expect(admin.getByRole("heading", { name: SECOND, level: 1 })).toBeVisible();
  const newPath = new URL(admin.url()).pathname;
  expect(newPath).not.toBe(memberPath);
  await expect(identities(admin).getByRole("row")).toHaveCount(2);
  await expect(identities(admin)).toContainText(/Split off member #\d+ by an admin/);
  // Its only identity: nothing to split off, but it can be re-joined.
  await expect(identities(admin).getByRole("button", { name: /Split off/ })).toHaveCount(0);

  await admin.goto(memberPath);
  await expect(identities(admin).getByRole("row")).toHaveCount(2);
  await expect(identities(admin).getByText(SECOND, { exact: true })).toHaveCount(0);

  await admin.goto(newPath);
  await identities(admin).getByRole("button", { name: "Re-join" }).click();
  await admin
    .getByRole("dialog", { name: `Re-join ${SECOND}?` })
    .getByRole("button", { name: "Re-join" })
    .click();
  await expect(admin).toHaveURL(new RegExp(`${memberPath}$`));
  await expect(identities(admin).getByRole("row")).toHaveCount(3);
  await admin.close();
});
