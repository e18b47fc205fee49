import { describe, expect, it } from "vitest";
import { allowLoginAttempt } from "./login-throttle";

describe("allowLoginAttempt", () => {
  it("allows 30 attempts per address in five minutes, then refuses until the window passes", () => {
    const t0 = 1_000_000;
    for (let i = 0; i < 30; i++) expect(allowLoginAttempt("10.0.0.1", t0 + i)).toBe(true);
    expect(allowLoginAttempt("10.0.0.1", t0 + 31)).toBe(false);
    expect(allowLoginAttempt("10.0.0.2", t0 + 31)).toBe(true);
    expect(allowLoginAttempt("10.0.0.1", t0 + 5 * 60_000 + 40)).toBe(true);
  });
});
