import { describe, expect, it } from "vitest";
import { isListedBot, parseBotList } from "./bot-list";

describe("bot list", () => {
  it("parses lines and commas, trimmed, lower-cased, once each", () => {
    expect(parseBotList(" Mergify \n\nci-runner@example.org, mergify,  ")).toEqual([
      "mergify",
      "ci-runner@example.org",
    ]);
  });

  const list = new Set(parseBotList("mergify\nci-runner@example.org\nRelease Bot"));
  it.each([
    [{ externalId: "1", handle: "Mergify" }, true],
    [{ externalId: "ci-runner@example.org" }, true],
    [{ externalId: "U1", displayName: "release bot" }, true],
    [{ externalId: "U2", handle: "mergify-fan", email: "ada@example.org" }, false],
  ])("%o listed: %s", (record, listed) => {
    expect(isListedBot(record, list)).toBe(listed);
  });
});
