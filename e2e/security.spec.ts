// Every page and API route, found by reading app/ (so a new route is covered automatically), is
// tried signed out, as a viewer, with a forged or revoked token and cross-origin.
import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ADMIN, VIEWER } from "./helpers";

// Signature-authenticated webhooks answer 401 to a bad signature (503 while no secret is set); their own tests cover them.
const PUBLIC = [
  "/login",
  "/api/health",
  "/api/auth",
  "/api/stripe/webhook",
  "/api/github/webhook",
  "/api/slack/events",
  "/report/public",
  // Shown while `npm start` prepares its database; it reads no data (tested below: otherwise it sends you on).
  "/starting",
];
const WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"] as const;

interface Route {
  url: string;
  kind: "page" | "api";
  methods: string[];
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function discoverRoutes(): Route[] {
  const root = path.resolve("app");
  return walk(root)
    .filter((f) => /(^|\/)(page\.tsx|route\.ts)$/.test(f))
    .map((file) => {
      const rel = path.relative(root, path.dirname(file));
      const url =
        "/" +
        rel
          .split(path.sep)
          .filter((seg) => seg && !/^\(.*\)$/.test(seg))
          .map((seg) => (seg.startsWith("[") ? "1" : seg))
          .join("/");
      const text = readFileSync(file, "utf8");
      const methods = file.endsWith("route.ts")
        ? ["GET", ...WRITE_METHODS].filter((m) =>
            new RegExp(`export (const|async function|function) ${m}\\b|export \\{[^}]*\\b${m}\\b`).test(text),
          )
        : ["GET"];
      return {
        url: url === "/" ? "/" : url.replace(/\/$/, ""),
        kind: file.endsWith("route.ts") ? ("api" as const) : ("page" as const),
        methods,
      };
    })
    .filter((r) => !PUBLIC.some((p) => r.url === p || r.url.startsWith(`${p}/`)));
}

const routes = discoverRoutes();
const apiRoutes = routes.filter((r) => r.kind === "api");

async function call(
  request: APIRequestContext,
  method: string,
  url: string,
  headers: Record<string, string> = {},
) {
  return request.fetch(url, {
    method,
    headers: { "content-type": "application/json", ...headers },
    data: method === "GET" ? undefined : "{}",
    maxRedirects: 0,
  });
}

test("the route inventory found the app's pages and API routes", () => {
  expect(routes.filter((r) => r.kind === "page").length).toBeGreaterThanOrEqual(10);
  expect(apiRoutes.length).toBeGreaterThanOrEqual(5);
});

test("signed out: /starting reveals nothing once started and sends the visitor on to sign in", async ({
  request,
}) => {
  const response = await request.get("/starting", { maxRedirects: 0 });
  expect([302, 303, 307, 308]).toContain(response.status());
  const next = await request.get(response.headers().location ?? "/", { maxRedirects: 0 });
  expect(next.headers().location ?? "").toContain("/login");
});

test("signed out: every page redirects to login and every API route answers 401", async ({
  playwright,
  baseURL,
}) => {
  const request = await playwright.request.newContext({ baseURL });
  for (const r of routes) {
    for (const method of r.methods) {
      const response = await call(request, method, r.url);
      if (r.kind === "page") {
        expect([302, 303, 307, 308], `${method} ${r.url}`).toContain(response.status());
        expect(response.headers().location ?? "", r.url).toContain("/login");
      } else {
        expect(response.status(), `${method} ${r.url}`).toBe(401);
      }
    }
  }
  await request.dispose();
});

test("a forged bearer token is refused by every API route", async ({ playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  for (const r of apiRoutes) {
    for (const method of r.methods) {
      const response = await call(request, method, r.url, {
        authorization: "Bearer gsw_forgedforgedforgedforgedforged",
      });
      expect(response.status(), `${method} ${r.url}`).toBe(401);
    }
  }
  await request.dispose();
});

test.describe("as a viewer", () => {
  test.use({ storageState: VIEWER.state });
  test("every API write is refused", async ({ page }) => {
    for (const r of apiRoutes) {
      for (const method of r.methods.filter((m) => m !== "GET")) {
        const response = await call(page.request, method, r.url);
        expect(response.status(), `${method} ${r.url}`).toBe(403);
      }
    }
  });
});

test.describe("as an admin", () => {
  test.use({ storageState: ADMIN.state });

  test("a cross-origin write with the admin's session is refused", async ({ page }) => {
    for (const r of apiRoutes) {
      for (const method of r.methods.filter((m) => m !== "GET")) {
        const response = await call(page.request, method, r.url, { origin: "http://evil.example" });
        expect(response.status(), `${method} ${r.url}`).toBe(403);
      }
    }
  });

  test("a revoked token stops working at once", async ({ page }) => {
    const name = `revocation check ${Date.now()}`;
    await page.goto("/settings");
    const form = page.getByRole("form", { name: "Create API token" });
    await form.getByLabel("Token name").fill(name);
    await form.getByRole("button", { name: "Create token" }).click();
    const token = await page.getByTestId("new-token").innerText();
    const auth = { authorization: `Bearer ${token}` };
    const ok = await page.request.post("/api/v1/events", { headers: auth, data: { events: [] } });
    expect(ok.status()).toBe(400); // authenticated; an empty batch is a bad request
    await page.reload();
    const row = page.getByRole("row", { name: new RegExp(name) });
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row.getByRole("button", { name: "Revoke" })).toHaveCount(0);
    await expect(row.getByRole("cell", { name: "revoked", exact: true })).toBeVisible();
    const refused = await page.request.post("/api/v1/events", { headers: auth, data: { events: [] } });
    expect(refused.status()).toBe(401);
  });

  test("pages carry a CSP and security headers; the session cookie is HttpOnly and SameSite", async ({
    page,
    context,
  }) => {
    const response = await page.goto("/");
    const headers = response!.headers();
    expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    const session = (await context.cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe("Lax");
  });

  test("no page or API response reveals password hashes, token hashes or secrets", async ({ page }) => {
    const bodies: string[] = [];
    for (const url of ["/settings", "/api/v1/members?limit=5"]) {
      const response = await page.request.get(url);
      bodies.push(await response.text());
    }
    for (const body of bodies) {
      expect(body).not.toMatch(/\$2[aby]\$\d\d\$/); // bcrypt hashes
      expect(body).not.toMatch(/password_?hash|token_?hash/i);
      expect(body).not.toContain("whsec_e2e_test_secret");
    }
  });
});
