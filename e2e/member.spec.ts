// Members directory → search → member page with the activity timeline and event feed.
import { expect, type Page, test } from "@playwright/test";
import { ADMIN } from "./helpers";

test.use({ storageState: ADMIN.state });

/** Opens the member page of the first member a Members list (with its filters) shows. */
async function openFirstMember(page: Page, list: string) {
  await page.goto(list);
  await page
    .getByRole("table", { name: "Members" })
    .getByRole("row")
    .nth(1)
    .getByRole("link")
    .first()
    .click();
}

/** Imports a one-commit git history by a new person, waits for them on Members and opens their page. */
async function openAfterOneCommit(page: Page, c: { name: string; email: string; at: string; sha: string }) {
  const log = `sha\tauthor_name\tauthor_email\tauthored_at\n${c.sha.repeat(40)}\t${c.name}\t${c.email}\t${c.at}\n`;
  const res = await page.request.post("/api/v1/imports?source=git", {
    headers: { "content-type": "application/octet-stream", "x-file-name": `${c.sha}-commit.tsv` },
    data: Buffer.from(log),
  });
  expect(res.ok()).toBe(true);
  const table = page.getByRole("table", { name: "Members" });
  await expect(async () => {
    await page.goto(`/members?q=${encodeURIComponent(c.name)}`);
    await expect(table.getByRole("link", { name: c.name })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await table.getByRole("link", { name: c.name }).click();
}

test("search the member directory and open a member's timeline", async ({ page }) => {
  await page.goto("/members");
  await expect(page.getByRole("heading", { name: "Members" })).toBeVisible();
  const table = page.getByRole("table", { name: "Members" });
  await expect(table.getByRole("row").nth(1)).toBeVisible();
  await page.screenshot({ path: "test-results/screens/members.png", fullPage: true });

  // Search by the first listed member's name and expect it to stay in the list.
  const firstLink = table.getByRole("row").nth(1).getByRole("link").first();
  const name = (await firstLink.innerText()).trim();
  await page.getByLabel("Search members").fill(name.split(" ")[0]);
  await expect(page).toHaveURL(/[?&]q=/);
  const match = table.getByRole("link", { name, exact: true }).first();
  await expect(match).toBeVisible();
  await match.click();

  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  const chart = page.getByRole("group", { name: /Weekly activity of .* by source/ });
  await expect(chart).toBeVisible();
  await expect(chart.locator("svg").first()).toBeVisible();
  await expect(page.getByRole("list", { name: "Event feed" }).getByRole("listitem").first()).toBeVisible();
  // Payments have a card of their own (a one-off donor's were shown nowhere).
  await expect(page.getByRole("heading", { name: "Payments", exact: true, level: 3 })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/member.png", fullPage: true });

  await page.getByRole("link", { name: "52 weeks" }).click();
  await expect(page).toHaveURL(/range=52w/);
  await expect(page.getByRole("group", { name: /52 weeks/ })).toBeVisible();
});

test("a member last active long ago is told where their activity is", async ({ page }) => {
  test.setTimeout(120_000);
  // A contributor whose only commit is from 2024: the default 26-week timeline is empty.
  const name = "Olwen Oldcommit";
  await openAfterOneCommit(page, {
    name,
    email: "olwen@old-commit.example",
    at: "2024-02-21T13:14:00+01:00",
    sha: "e",
  });
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(
    page.getByText(/No activity in the last 26 weeks.*Choose "All time" to see it\./),
  ).toBeVisible();
  await expect(page.getByText(/ · 1 event$/)).toBeVisible();
  await page.getByRole("link", { name: "All time" }).click();
  await expect(page).toHaveURL(/range=all/);
});

test("the event feed names event kinds in words, unknown kinds from a canonical import too", async ({
  page,
}) => {
  test.setTimeout(120_000);
  const name = "Kasimir Kindwords";
  const event = (id: string, type: string, at: string) =>
    JSON.stringify({
      kind: "event",
      source: "forum",
      external_id: id,
      actor_source: "forum",
      actor_external_id: "kasimir",
      type,
      occurred_at: at,
    });
  const lines = [
    JSON.stringify({ kind: "member", member_key: "kasimir", name, email: "kasimir@kind-words.example" }),
    JSON.stringify({ kind: "identity", source: "forum", external_id: "kasimir", member_key: "kasimir" }),
    event("kw-1", "pr_merged", "2026-11-02T10:00:00Z"),
    event("kw-2", "thread_reply", "2026-11-03T10:00:00Z"),
    event("kw-3", "webinar_attended", "2026-11-04T10:00:00Z"),
  ];
  const res = await page.request.post("/api/v1/imports?source=jsonl", {
    headers: { "content-type": "application/octet-stream", "x-file-name": "kind-words.jsonl" },
    data: Buffer.from(lines.join("\n") + "\n"),
  });
  expect(res.ok()).toBe(true);
  const table = page.getByRole("table", { name: "Members" });
  await expect(async () => {
    await page.goto(`/members?q=${encodeURIComponent(name)}`);
    await expect(table.getByRole("link", { name })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  // Sources read as words in the directory too ("csv" → "CSV", "forum" → "Forum"): a canonical member row
  // gives an identity of source csv.
  await expect(
    table.getByRole("row").filter({ hasText: name }).getByRole("cell", { name: "CSV, Forum", exact: true }),
  ).toBeVisible();
  await table.getByRole("link", { name }).click();
  await expect(
    page.getByRole("table", { name: "Identities" }).getByText("Forum", { exact: true }),
  ).toBeVisible();
  const feed = page.getByRole("list", { name: "Event feed" });
  await expect(feed.getByRole("listitem")).toHaveCount(3);
  // Newest first; the stored code stays in the title (it is what the CSV and the API carry).
  await expect(feed.getByRole("listitem").nth(0)).toContainText("Webinar attended");
  await expect(feed.getByRole("listitem").nth(1)).toContainText("Thread reply");
  await expect(feed.getByRole("listitem").nth(2)).toContainText("Pull request merged");
  await expect(feed.getByText("Pull request merged")).toHaveAttribute("title", "pr_merged");
  await expect(feed).not.toContainText(/pr_merged|thread_reply|webinar_attended/);
  await expect(feed.getByText("Forum", { exact: true })).toHaveCount(3);
});

test("a ranked member's score history names the list in words and shows the score as the list does", async ({
  page,
}) => {
  await page.goto("/candidates");
  const first = page.getByRole("table").first().getByRole("row").nth(1);
  const shown = (await first.getByRole("cell").allInnerTexts())
    .map((t) => t.trim())
    .find((t) => /^(\d+\.\d%|High|Medium|Low)$/.test(t));
  expect(shown, "the list's score cell").toBeTruthy();
  await first.getByRole("link").first().click();
  const scores = page.getByRole("table", { name: "Score history" });
  await expect(scores).toContainText("Upgrade candidates");
  await expect(scores).not.toContainText(/\bcandidates\b(?<!Upgrade candidates)|\bat-risk\b/);
  // The newest candidates row: the same percentage or band as the list (it showed a raw 0.150 beside 15.0%).
  const latest = scores.getByRole("row").filter({ hasText: "Upgrade candidates" }).first();
  await expect(latest.getByRole("cell", { name: shown, exact: true })).toBeVisible();
});

test("a bad member id shows the not-found page", async ({ page }) => {
  // The dashboard's loading boundary streams first, so the status can be 200; the content is the 404 page.
  await page.goto("/members/not-a-number");
  await expect(page.getByText("This page could not be found.")).toBeVisible();
});

test("the cohorts page shows the retention heatmap and survival chart", async ({ page }) => {
  await page.goto("/cohorts");
  await expect(page.getByRole("heading", { name: "Cohorts" })).toBeVisible();
  await expect(page.getByRole("group", { name: "Premium survival by upgrade quarter" })).toBeVisible();
  await page.screenshot({ path: "test-results/screens/cohorts.png", fullPage: true });
});

test("each Cohorts table exports as CSV, with the page's figures", async ({ page }) => {
  await page.goto("/cohorts");
  const csvOf = async (what: string) => {
    const href = await page.getByRole("link", { name: `Export CSV: ${what}` }).getAttribute("href");
    const res = await page.request.get(href!);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("text/csv");
    return (await res.text()).split("\r\n").filter(Boolean);
  };
  const retention = await csvOf("Activity retention by join month");
  expect(retention[0]).toBe("cohort_month,cohort_size,month_offset,active,share");
  expect(retention.length).toBeGreaterThan(12);
  const survival = await csvOf("Premium retention by upgrade quarter");
  expect(survival[0]).toMatch(/^cohort,members,stopped_paying,median_months,/);
  expect(survival[1]).toMatch(/^All,\d+,\d+,/);
  const deciles = await csvOf("Conversion to paid by activity decile");
  expect(deciles[0]).toBe("decile,members,converted,rate,rate_lower_95,rate_upper_95");
  expect(deciles).toHaveLength(11);
  // The page's first decile row says the same members and conversions.
  const [, members, converted] = deciles[1].split(",");
  const firstRow = page.getByRole("row").filter({ hasText: "1 (least active)" });
  await expect(firstRow.getByRole("cell").nth(1)).toHaveText(members);
  await expect(firstRow.getByRole("cell").nth(2)).toHaveText(converted);
});

// #15: at 1280 px the identities card scrolled its table sideways and clipped the "Since" column.
for (const size of [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
]) {
  test(`the member page's identities card shows every column at ${size.width} px`, async ({ page }) => {
    await page.setViewportSize(size);
    await openFirstMember(page, "/members");
    const identities = page.getByRole("table", { name: "Identities" });
    await expect(identities).toBeVisible();
    // Nothing scrolled out of the card's sight: the table fits the box that would scroll it.
    const hidden = await identities.evaluate((table) => {
      const box = table.parentElement!;
      return box.scrollWidth - box.clientWidth;
    });
    expect(hidden).toBeLessThanOrEqual(0);
    await identities.scrollIntoViewIfNeeded();
    await expect(identities.getByRole("columnheader", { name: "Since" })).toBeInViewport({ ratio: 1 });
    await page.screenshot({
      path: `test-results/screens/member-identities-${size.width}.png`,
      fullPage: true,
    });
  });
}

test.describe("the member page at 1366×768", () => {
  test.use({ viewport: { width: 1366, height: 768 } });

  test("identities fit without breaking a handle or email mid-word", async ({ page }) => {
    test.setTimeout(120_000);
    const name = "Wilhelmina Longaddress";
    const email = "wilhelmina.longaddress-hyphenated@engineering.a-rather-long-company-domain.example";
    await openAfterOneCommit(page, { name, email, at: "2026-11-02T10:00:00+01:00", sha: "f" });
    const identities = page.getByRole("table", { name: "Identities" });
    await expect(identities).toBeVisible();
    const [scroll, client] = await identities.evaluate((t) => [t.scrollWidth, t.parentElement!.clientWidth]);
    expect(scroll, `${scroll} > ${client} px`).toBeLessThanOrEqual(client + 1);
    // The email stays on one line (cut with an ellipsis if need be) and is whole in its title.
    const cells = identities.getByTitle(email);
    await expect(cells.first()).toHaveText(email);
    for (const cell of await cells.all()) {
      const lines = await cell.evaluate(
        (el) => el.clientHeight / parseFloat(getComputedStyle(el).lineHeight),
      );
      expect(lines).toBeLessThan(1.5);
    }
    await page.screenshot({ path: "test-results/screens/member-identities-1366.png", fullPage: true });
  });

  test("payments show their kind and status in words", async ({ page }) => {
    await openFirstMember(page, "/members?paying=1");
    const payments = page.getByRole("table", { name: "Payments" });
    await expect(payments.getByRole("row").nth(1)).toBeVisible();
    for (const row of (await payments.getByRole("row").all()).slice(1)) {
      const [kind, status] = [
        await row.getByRole("cell").nth(2).innerText(),
        await row.getByRole("cell").nth(3).innerText(),
      ];
      expect(kind).toMatch(/^[A-Z][a-z -]+$/);
      expect(status).toMatch(/^[A-Z][a-z ]+$/);
    }
  });
});
