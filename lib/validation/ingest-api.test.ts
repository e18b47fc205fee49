// The ingest API's Prefer header parsing (RFC 7240): respond-async among other preferences.
import { describe, expect, it } from "vitest";
import { prefersRespondAsync } from "./ingest-api";

describe("prefersRespondAsync", () => {
  it.each([
    ["respond-async", true],
    ["Respond-Async", true],
    ["return=minimal, respond-async", true],
    ["respond-async; wait=10", true],
    ["return=minimal", false],
    ["respond-asynchronously", false],
    ["", false],
    [null, false],
  ])("%s → %s", (header, expected) => {
    expect(prefersRespondAsync(header)).toBe(expected);
  });
});
