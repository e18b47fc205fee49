// Every `[id]` route reads its id with the one shared schema (lib/validation/id): a malformed or out-of-range
// id is a 400 from the API and the not-found page from the dashboard, an id that does not exist a 404.
import { expect, test } from "@playwright/test";
import { ADMIN } from "./helpers";

test.use({ storageState: ADMIN.state });

const API_ROUTES = [
  "/api/v1/members/:id",
  "/api/v1/members/:id/events",
  "/api/v1/members/:id/events/export",
  "/api/v1/organizations/:id",
  "/api/v1/organizations/:id/affiliations/export",
  "/api/v1/campaigns/:id",
  "/api/v1/campaigns/:id/export",
  "/api/v1/imports/:id",
  "/api/v1/imports/:id/quarantine",
  "/api/v1/outreach/:id",
  "/api/v1/privacy/:id",
];

test("the API answers 400 to a bad id and 404 to an unknown one, on every [id] route", async ({ page }) => {
  for (const route of API_ROUTES) {
    for (const bad of ["abc", "0", "-2", "1.5", "2147483648"]) {
      const url = route.replace(":id", bad);
      const response = await page.request.get(url);
      expect(response.status(), url).toBe(400);
      expect((await response.json()).code, url).toMatch(/^(bad_request|invalid_request)$/);
    }
    const unknown = route.replace(":id", "2147483000");
    expect((await page.request.get(unknown)).status(), unknown).toBe(404);
  }
});

test("the dashboard shows the not-found page for a bad or unknown id", async ({ page }) => {
  for (const area of ["members", "organizations", "campaigns", "imports"]) {
    for (const bad of ["abc", "0", "2147483648", "2147483000"]) {
      // The loading boundary streams first, so the status can be 200; the content is the 404 page.
      await page.goto(`/${area}/${bad}`);
      await expect(page.getByText("This page could not be found."), `/${area}/${bad}`).toBeVisible();
    }
  }
});
