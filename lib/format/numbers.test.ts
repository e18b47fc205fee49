import { describe, expect, it } from "vitest";
import { formatByteProgress, formatCompactCount, formatMonth } from "./numbers";

describe("formatByteProgress", () => {
  it.each([
    [0, 0, "0 of 0 bytes"],
    [300, 900, "300 of 900 bytes"],
    [512, 1843, "0.5 of 1.8 KB"],
    [1024 ** 2 * 310, 1024 ** 2 * 512.5, "310.0 of 512.5 MB"],
    [1024 ** 3, 1024 ** 3 * 5, "1.0 of 5.0 GB"],
  ])("%i of %i reads %s", (done, total, text) => {
    expect(formatByteProgress(done, total)).toBe(text);
  });
});

describe("formatCompactCount", () => {
  it.each([
    [0, "0"],
    [9_999, "9,999"],
    [99_999, "99,999"],
    [100_000, "100K"],
    [123_456, "123.5K"],
    [1_234_567, "1.2M"],
    [2_147_483_647, "2.1B"],
  ])("%i reads %s, six characters at most", (n, text) => {
    expect(formatCompactCount(n)).toBe(text);
    expect(formatCompactCount(n).length).toBeLessThanOrEqual(6);
  });
});

describe("formatMonth", () => {
  it.each([
    ["2026-07", "Jul 2026"],
    ["2026-01", "Jan 2026"],
    ["2025-12", "Dec 2025"],
    // British short names, as formatDate's "7 Sept 2026".
    ["2026-09", "Sept 2026"],
    ["2026-12 (so far)", "Dec 2026 (so far)"],
    // Not a month key: left as it is.
    ["2026-13", "2026-13"],
    ["2026-07-15", "2026-07-15"],
    ["2025-W03", "2025-W03"],
    ["", ""],
  ])("%s reads %s", (key, text) => {
    expect(formatMonth(key)).toBe(text);
  });
});
