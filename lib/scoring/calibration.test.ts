import { describe, expect, it } from "vitest";
import { listScoreLabel, type RankBin } from "./calibration";

const bins: RankBin[] = [
  { upTo: 0.01, rows: 100, positives: 15, rate: 0.15, band: "High" },
  { upTo: 0.1, rows: 900, positives: 45, rate: 0.05, band: "Medium" },
  { upTo: 1, rows: 9000, positives: 90, rate: 0.01, band: "Low" },
];

describe("listScoreLabel", () => {
  it("shows a percentage where the day's rates held up, as the lists do", () => {
    expect(listScoreLabel(0.15, { deployed: true, calibration: { display: "percent", bins } })).toBe("15.0%");
  });

  it("shows the band of the bin whose rate the stored (float4) score is", () => {
    const run = { deployed: true, calibration: { display: "band" as const, bins } };
    expect(listScoreLabel(Math.fround(0.05), run)).toBe("Medium");
    expect(listScoreLabel(Math.fround(0.15), run)).toBe("High");
    expect(listScoreLabel(Math.fround(0.01), run)).toBe("Low");
  });

  it("without a calibration: a percentage before deployments existed, else nothing to claim", () => {
    expect(listScoreLabel(0.0191, { deployed: false, calibration: null })).toBe("1.9%");
    expect(listScoreLabel(0.0191, { deployed: true, calibration: null })).toBe("–");
  });
});
