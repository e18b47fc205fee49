// #18 items 3, 4 and 8 / #15 item 5 in a real browser: no open redirect after sign-in, one message
// for every refused sign-in, and the password change in Settings that ends the old sessions.
import { expect, test } from "@playwright/test";
import { ADMIN, signIn } from "./helpers";

const USER = { email: "pw-change@e2e.test", password: "first-password-123", next: "second-password-456" };

// Several bcrypt sign-ins in one test: on a busy machine each can take seconds.
test.describe.configure({ timeout: 180_000 });

test("a callbackUrl to another site lands on this one after sign-in", async ({ browser, baseURL }) => {
  for (const callback of [
    "/%5Cevil.example/phish",
    "/%09/evil.example",
    "//evil.example",
    "https://evil.example/",
  ]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`/login?callbackUrl=${callback}`);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    expect(new URL(page.url()).origin, callback).toBe(new URL(baseURL!).origin);
    await context.close();
  }
});

// Contexts made inside a describe inherit its storageState: a signed-out one needs it emptied.
const SIGNED_OUT = { storageState: { cookies: [], origins: [] } };

test.describe("accounts", () => {
  test.use({ storageState: ADMIN.state });

  test("an unknown account and a wrong password get the same message; a password change ends the old session", async ({
    page,
    browser,
  }) => {
    await page.goto("/settings");
    const form = page.getByRole("form", { name: "Add user" });
    await form.getByLabel("Email").fill(USER.email);
    await form.getByLabel("Role").selectOption("viewer");
    await form.getByLabel("Password").fill(USER.password);
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(page.getByText(`Added ${USER.email} (viewer)`)).toBeVisible();

    const messages: string[] = [];
    for (const attempt of [
      { email: USER.email, password: "not-the-password" },
      { email: "nobody@e2e.test", password: "whatever-123" },
    ]) {
      const context = await browser.newContext(SIGNED_OUT);
      const login = await context.newPage();
      await login.goto("/login");
      await login.getByLabel("Email").fill(attempt.email);
      await login.getByLabel("Password").fill(attempt.password);
      await login.getByRole("button", { name: "Sign in" }).click();
      messages.push(await login.getByRole("alert").innerText());
      await context.close();
    }
    expect(messages[0]).toBe(messages[1]);

    const context = await browser.newContext(SIGNED_OUT);
    const own = await context.newPage();
    await signIn(own, USER);
    const before = await context.storageState();
    await own.goto("/settings");
    const change = own.getByRole("form", { name: "Change password" });
    await change.getByLabel("Current password").fill(USER.password);
    await change.getByLabel("New password", { exact: true }).fill(USER.next);
    await change.getByLabel("Repeat new password").fill(USER.next);
    await change.getByRole("button", { name: "Change password" }).click();
    await expect(own).toHaveURL(/\/login\?changed=1/);
    await expect(own.getByText("Password changed")).toBeVisible();
    await own.screenshot({ path: "test-results/screens/password-changed.png" });
    await context.close();

    // The session from before the change no longer works; the new password does.
    const old = await browser.newContext({ storageState: before });
    const oldPage = await old.newPage();
    await oldPage.goto("/settings");
    await expect(oldPage).toHaveURL(/\/login/);
    await old.close();
    const fresh = await browser.newContext(SIGNED_OUT);
    await signIn(await fresh.newPage(), { email: USER.email, password: USER.next });
    await fresh.close();
  });
});
