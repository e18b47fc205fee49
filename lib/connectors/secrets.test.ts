import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecrets, encryptSecrets } from "./secrets";

describe("connector secrets", () => {
  const key = randomBytes(32);
  it("round-trips and never stores the token in clear", () => {
    const blob = encryptSecrets({ token: "xoxb-123-secret" }, "slack", key);
    expect(blob).not.toContain("xoxb");
    expect(decryptSecrets(blob, "slack", key)).toEqual({ token: "xoxb-123-secret" });
  });
  it.each([
    ["another connector", (b: string) => decryptSecrets(b, "github", key)],
    ["another key", (b: string) => decryptSecrets(b, "slack", randomBytes(32))],
    [
      "a flipped byte",
      (b: string) =>
        decryptSecrets(b.slice(0, -4) + (b.at(-4) === "A" ? "B" : "A") + b.slice(-3), "slack", key),
    ],
  ])("refuses %s", (_label, open) => {
    expect(() => open(encryptSecrets({ token: "t" }, "slack", key))).toThrow(/cannot be decrypted/);
  });
  it("uses a fresh IV each time", () => {
    expect(encryptSecrets({ token: "t" }, "slack", key)).not.toBe(
      encryptSecrets({ token: "t" }, "slack", key),
    );
  });
});
