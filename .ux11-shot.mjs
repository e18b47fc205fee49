// temporary walk script (not committed)
import { chromium } from "playwright-core";
const base = process.env.BASE ?? "http://localhost:3411";
const pages = process.argv.slice(2);
const w = Number(process.env.W ?? 1366), h = Number(process.env.H ?? 768);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const ctx = await browser.newContext({ viewport: { width: w, height: h } });
const page = await ctx.newPage();
await page.goto(base + "/login");
await page.getByLabel("Email").fill("admin@groundswell.local");
await page.getByLabel("Password").fill(process.env.PW);
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL((u) => !u.pathname.startsWith("/login"), { timeout: 60000 });
for (const p of pages) {
  const t = Date.now();
  await page.goto(base + p, { timeout: 120000 });
  await page.waitForLoadState("networkidle").catch(() => {});
  const name = p.replace(/[^a-z0-9]+/gi, "_").replace(/^_|_$/g, "") || "overview";
  await page.screenshot({ path: `/work/ux11-shots/${name}-${w}.png`, fullPage: process.env.FULL === "1" });
  console.log(p, Date.now() - t, "ms", await page.title());
}
await browser.close();
