import { chromium } from "playwright-core";
const base = "http://localhost:3411";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
for (const w of [1366, 1920]) {
const ctx = await browser.newContext({ viewport: { width: w, height: 768 } });
const page = await ctx.newPage();
await page.goto(base + "/login");
await page.getByLabel("Email").fill("admin@groundswell.local");
await page.getByLabel("Password").fill(process.env.PW);
await page.getByRole("button", { name: "Sign in" }).click();
await page.waitForURL((u) => !u.pathname.startsWith("/login"));
for (const p of process.argv.slice(2)) {
await page.goto(base + p); await page.locator("tbody tr").first().waitFor();
const r = await page.evaluate(() => {
  const reg = document.querySelector('[role=region][aria-label$="(scrollable)"]');
  const ths = [...reg.querySelectorAll("thead th")].map((t) => `${t.textContent.trim() || "?"}:${Math.round(t.getBoundingClientRect().width)}`);
  return { client: reg.clientWidth, scroll: reg.scrollWidth, ths };
});
console.log(w, p, JSON.stringify(r));
}
await ctx.close();
}
await browser.close();
