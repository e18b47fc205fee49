import { describe, expect, it } from "vitest";
import { parseStripeApiBase } from "./endpoint";

describe("parseStripeApiBase", () => {
  it.each([
    { base: "http://localhost:12111", expected: { host: "localhost", port: 12111, protocol: "http" } },
    {
      base: "https://stripe-proxy.internal/",
      expected: { host: "stripe-proxy.internal", port: 443, protocol: "https" },
    },
    { base: "http://127.0.0.1", expected: { host: "127.0.0.1", port: 80, protocol: "http" } },
    {
      base: "localhost:12111",
      expected: { error: expect.stringContaining("protocol must be http or https") },
    },
    { base: "not a url", expected: { error: expect.stringContaining("is not a URL") } },
    { base: "http://proxy/stripe", expected: { error: expect.stringContaining('not "/stripe"') } },
  ])("$base", ({ base, expected }) => {
    expect(parseStripeApiBase(base)).toEqual(expected);
  });
});
