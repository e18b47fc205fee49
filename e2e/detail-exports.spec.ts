// The organisation page's Affiliated members and the member page's Events export as CSV like every other list:
// every row (not just the page shown), in the page's order; unknown parameters and ids are refused; a viewer may
// read them too.
import { expect, test, type Page } from "@playwright/test";
import { ADMIN, VIEWER } from "./helpers";

async function exported(page: Page, what: string, file: RegExp) {
  const href = await page.getByRole("link", { name: `Export CSV: ${what}` }).getAttribute("href");
  const response = await page.request.get(href!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/csv");
  expect(response.headers()["content-disposition"]).toMatch(file);
  const lines = (await response.text()).split("\r\n").filter((l) => l.length > 0);
  return { href: href!, header: lines[0], rows: lines.slice(1) };
}

/** The organisation with the most members, opened from the list. */
async function biggestOrganization(page: Page): Promise<string> {
  await page.goto("/organizations?sort=-members");
  const link = page.getByRole("table").getByRole("row").nth(1).getByRole("link").first();
  const href = (await link.getAttribute("href"))!;
  await page.goto(href.split("?")[0]);
  return href.split("?")[0];
}

test.describe("as an admin", () => {
  test.use({ storageState: ADMIN.state });

  test("exports all of an organisation's affiliated members and all of a member's events", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const orgPath = await biggestOrganization(page);
    const heading = await page.getByRole("heading", { name: /^Affiliated members \(/ }).innerText();
    const total = Number(heading.replace(/[^\d]/g, ""));
    const affiliations = await exported(
      page,
      "all affiliated members",
      /filename="organization-.+-affiliations/,
    );
    expect(affiliations.href).toBe(`/api/v1${orgPath}/affiliations/export`);
    expect(affiliations.header).toBe("affiliation_id,member_id,member,from,until,current,origin");
    expect(affiliations.rows).toHaveLength(total);

    // The first affiliated member's events: the CSV holds what the feed's pages hold, newest first.
    const memberId = affiliations.rows[0].split(",")[1];
    const ids: string[] = [];
    for (let cursor: string | null = null; ;) {
      const body = (await (
        await page.request.get(
          `/api/v1/members/${memberId}/events${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ""}`,
        )
      ).json()) as { events: { id: string }[]; nextCursor: string | null };
      ids.push(...body.events.map((e) => e.id));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    await page.goto(`/members/${memberId}`);
    const events = await exported(page, "all of this member's events", /filename="member-\d+-events/);
    expect(events.href).toBe(`/api/v1/members/${memberId}/events/export`);
    expect(events.header).toBe("event_id,occurred_at,type,source,channel,weight,summary");
    expect(events.rows.map((r) => r.split(",")[0])).toEqual(ids);
  });

  test("refuses parameters it does not know and ids that do not exist", async ({ page }) => {
    for (const [url, status] of [
      ["/api/v1/organizations/1/affiliations/export?format=json", 400],
      ["/api/v1/members/1/events/export?cursor=x", 400],
      ["/api/v1/organizations/abc/affiliations/export", 400],
      ["/api/v1/organizations/2147483000/affiliations/export", 404],
      ["/api/v1/members/2147483000/events/export", 404],
    ] as const) {
      const response = await page.request.get(url);
      expect(response.status(), url).toBe(status);
    }
  });
});

test.describe("as a viewer", () => {
  test.use({ storageState: VIEWER.state });

  test("can export what it can read", async ({ page }) => {
    const orgPath = await biggestOrganization(page);
    const { href } = await exported(page, "all affiliated members", /affiliations/);
    expect(href).toBe(`/api/v1${orgPath}/affiliations/export`);
  });
});
