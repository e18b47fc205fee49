// The one PRNG must keep its exact stream: the demo community, synthetic test communities, holdout
// assignment and the random baseline all depend on it (reference values from the original copies).
import { describe, expect, it } from "vitest";
import { hashSeed, mulberry32, mulberry32At } from "./random";

describe("mulberry32", () => {
  it("yields the published mulberry32 stream for seed 42", () => {
    const next = mulberry32(42);
    expect([next(), next(), next()].map((v) => v.toFixed(10))).toEqual([
      "0.6011037519",
      "0.4482905590",
      "0.8524657935",
    ]);
  });

  it("as a pure step matches the stream, also for states past 2^31 (the signed-int copies)", () => {
    for (const seed of [0, 1, 2 ** 31 + 5, 4294967295]) {
      const next = mulberry32(seed);
      expect(next()).toBe(mulberry32At(seed));
      expect(next()).toBe(mulberry32At((seed + 0x6d2b79f5) >>> 0));
    }
  });

  it("hashes string seeds with FNV-1a", () => {
    expect(hashSeed("")).toBe(0x811c9dc5);
    expect(hashSeed("a")).toBe(0xe40c292c);
  });
});
