import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-url";

describe("safeCallbackPath (#18 item 4: open redirect after sign-in)", () => {
  it.each([
    [undefined, "/"],
    ["/members?page=2#top", "/members?page=2#top"],
    ["/candidates", "/candidates"],
    ["https://evil.example/phish", "/"],
    ["//evil.example/phish", "/"],
    ["/\\evil.example/phish", "/"],
    ["/%5Cevil.example/phish", "/%5Cevil.example/phish"],
    ["/\t/evil.example", "/"],
    ["\t//evil.example", "/"],
    ["/.//evil.example", "/evil.example"],
    ["javascript:alert(1)", "/"],
    ["http://groundswell.invalid/x", "/x"],
  ])("%j → %j", (input, expected) => {
    const result = safeCallbackPath(input);
    expect(result).toBe(expected);
    // Whatever comes out resolves to this site, as the browser would read it.
    expect(new URL(result, "https://dashboard.example").origin).toBe("https://dashboard.example");
  });
});
