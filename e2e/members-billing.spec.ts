// The members list's Plan and MRR columns, and its CSV, agree with the member page and the Overview about a
// backer who pays only through a billing source whose data stopped long ago: shown, but not counted as paying.
import { expect, test } from "@playwright/test";
import { ADMIN } from "./helpers";

test.use({ storageState: ADMIN.state });

const NAME = "Stella Stoppedsource";
const SLUG = "stella-stoppedsource";

/** Open Collective (legacy export): monthly contributions that end in June 2025, long before the demo's data. */
function backerCsv(): string {
  const header =
    "Transaction Description,User Name,User Profile,Transaction Date,Collective Currency,Transaction Amount,Subscription Interval";
  const months = ["01", "02", "03", "04", "05", "06"];
  const rows = months.map(
    (m) =>
      `Monthly financial contribution to E2E (Backer),${NAME},https://opencollective.com/${SLUG},2025-${m}-03 10:00:00,USD,12.00,month`,
  );
  return [header, ...rows].join("\n") + "\n";
}

const number = (text: string) => Number(text.replace(/[^\d]/g, ""));

test("a backer paying only through a stopped source is shown as not counted, everywhere", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const res = await page.request.post("/api/v1/imports?source=opencollective", {
    headers: { "content-type": "application/octet-stream", "x-file-name": "stopped-backer.csv" },
    data: Buffer.from(backerCsv()),
  });
  expect(res.ok()).toBe(true);
  // Until the run is done its member can be listed before its payments are: wait for the whole import.
  const { id } = (await res.json()) as { id: number };
  await expect
    .poll(
      async () =>
        ((await (await page.request.get(`/api/v1/imports/${id}`)).json()) as { status: string }).status,
      {
        timeout: 120_000,
      },
    )
    .toBe("succeeded");

  const table = page.getByRole("table", { name: "Members" });
  const row = table.getByRole("row").filter({ hasText: NAME });
  await expect(async () => {
    await page.goto(`/members?q=${encodeURIComponent(NAME)}`);
    await expect(row).toHaveCount(1, { timeout: 2_000 });
  }).toPass({ timeout: 90_000 });

  // Plan: muted, marked "stopped"; MRR: nothing counted (the old columns showed the plan and $12).
  const headers = await table.getByRole("columnheader").allInnerTexts();
  const planCell = row.getByRole("cell").nth(headers.findIndex((h) => h.trim() === "Plan"));
  const mrrCell = row.getByRole("cell").nth(headers.findIndex((h) => h.trim() === "MRR"));
  await expect(planCell).toContainText("stopped");
  // The plan is named from its key (oc:month:1200), not shown as the key, until an admin names it.
  await expect(planCell).toContainText("Open Collective · $12.00/month");
  await expect(planCell).not.toContainText("oc:month");
  await expect(planCell.locator("[title]").first()).toHaveAttribute(
    "title",
    /Paid through Open Collective until .*2025, where its data stops: not counted as paying/,
  );
  await expect(mrrCell).not.toContainText("$");
  await expect(mrrCell).toContainText("not counted");
  await page.screenshot({ path: "test-results/screens/members-stopped-backer.png" });

  // The member page says the same.
  await row.getByRole("link", { name: NAME }).click();
  await expect(page.getByRole("heading", { name: NAME, level: 1 })).toBeVisible();
  await expect(
    page.getByText(/Paid through Open Collective until .*: not counted\s+as paying/),
  ).toBeVisible();
  await expect(page.getByRole("table", { name: "Plan history" })).toContainText(
    "– → Open Collective · $12.00/month",
  );

  // The CSV export too.
  const csv = await (
    await page.request.get(`/api/v1/members?q=${encodeURIComponent(NAME)}&format=csv`)
  ).text();
  const [head, line] = csv.split("\r\n");
  const cells = Object.fromEntries(head.split(",").map((h, i) => [h, line.split(",")[i]]));
  expect(cells).toMatchObject({
    mrr_cents: "0",
    counted_as_paying: "false",
    stopped_billing_source: "opencollective",
  });

  // The paying filter leaves the backer out, and its members and MRR are the Overview's.
  await page.goto(`/members?paying=1&q=${encodeURIComponent(NAME)}`);
  await expect(page.getByText(/^0 matching members: paying now/)).toBeVisible();
  await page.goto("/");
  const paying = number(await page.getByTestId("kpi-paying").locator("p").nth(1).innerText());
  const mrrShown = await page.getByTestId("kpi-mrr").locator("p").nth(1).innerText();
  await expect(page.getByTestId("kpi-paying")).toContainText("from Open Collective not counted");
  // Subscriber churn says its base, which is not the Paying members figure.
  await expect(page.getByTestId("kpi-churn")).toContainText(
    /Of [\d,]+ who paid in the 30 days: [\d,]+ paying on /,
  );
  await expect(page.getByTestId("kpi-churn")).toContainText("Paying members counts those paying now.");
  let listed = 0;
  let mrrCents = 0;
  for (let p = 1; ; p++) {
    const body = (await (
      await page.request.get(`/api/v1/members?paying=1&pageSize=500&page=${p}`)
    ).json()) as {
      total: number;
      members: { mrrCents: number; billingStopped: unknown }[];
    };
    listed += body.members.length;
    mrrCents += body.members.reduce((t, m) => t + m.mrrCents, 0);
    expect(body.members.every((m) => m.billingStopped === null)).toBe(true);
    if (body.members.length < 500) {
      expect(listed).toBe(body.total);
      break;
    }
  }
  expect(listed).toBe(paying);
  expect(
    new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 }).format(
      mrrCents / 100,
    ),
  ).toBe(mrrShown.trim());

  // The Organisations list says whom its paying members and MRR leave out, as the Overview does.
  await page.goto("/organizations");
  await expect(
    page.getByText(
      /Paying members and MRR leave out members paying only through Open Collective \(its data ends /,
    ),
  ).toBeVisible();
});
