import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { CUTOFF_CODEC_REVISION, decodeCutoff, encodeCutoff } from "./cutoff-codec";
import type { CutoffInputs, ExtractedMember } from "./inputs";

const row = (memberId: number, over: Partial<ExtractedMember> = {}): ExtractedMember => ({
  memberId,
  inCandidates: memberId % 2 === 0,
  inAtRisk: memberId % 3 === 0,
  weeklyWeight: Array.from({ length: 26 }, (_, i) => ((memberId * 7 + i) % 5) / 10),
  breadthRecent: memberId % 4,
  breadthBaseline: 2,
  contributions: { prMerged: 1, prReview: 0, acceptedAnswer: 3, meetupHosted: 0, pairing: 0, other: 2 },
  tenureWeeks: (memberId * 11) / 7,
  daysSinceLastActivity: memberId % 5 === 0 ? null : memberId / 3,
  tierRank: memberId % 3,
  planTenureWeeks: memberId % 2 === 0 ? null : 4,
  paidTies: 0,
  failedPayments90d: 1,
  daysSinceLastFailedPayment: null,
  ...over,
});

const cutoff = (rows: ExtractedMember[]): CutoffInputs => ({
  asOf: "2026-03-22",
  rows,
  community: { weeklyTotal: [1.5, 2.25, 0], activeMembers: [3, 4, 0], currentWeekDays: 7 },
  sampled: true,
});

/** Bit-level equality: toEqual holds 0 and −0 equal; Object.is does not. */
function expectSameBits(a: unknown, b: unknown, path = "$") {
  if (typeof a === "number" || typeof b === "number") {
    expect(Object.is(a, b), `${path}: ${String(a)} vs ${String(b)}`).toBe(true);
    return;
  }
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    expect(b, path).toBe(a);
    return;
  }
  expect(Object.keys(b as object), path).toEqual(Object.keys(a as object));
  for (const key of Object.keys(a as object))
    expectSameBits(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
}

describe("cutoff codec", () => {
  const cases: { name: string; rows: ExtractedMember[] }[] = [
    { name: "no rows", rows: [] },
    {
      name: "ordinary rows (decimal weights, nulls, fractions of 7)",
      rows: [1, 2, 3, 4, 5, 6].map((id) => row(id)),
    },
    {
      name: "NaN, −0, infinities and doubles no decimal holds",
      rows: [
        row(1, { tenureWeeks: Number.NaN, breadthRecent: -0, paidTies: Number.POSITIVE_INFINITY }),
        row(2, { weeklyWeight: [0.1 + 0.2, -0, Number.NaN, 1e-300, 2 ** 40, Number.NEGATIVE_INFINITY] }),
        row(3, { daysSinceLastActivity: -0, planTenureWeeks: Number.NaN, daysSinceLastFailedPayment: 0 }),
      ],
    },
    {
      name: "rows of different series lengths",
      rows: [row(1, { weeklyWeight: [] }), row(2, { weeklyWeight: [1, 2] }), row(3)],
    },
    {
      name: "ids and counts past int32",
      rows: [row(2 ** 31), row(-(2 ** 31) - 5, { failedPayments90d: 2 ** 33 })],
    },
  ];
  for (const { name, rows } of cases)
    it(`reads back every value as written: ${name}`, () => {
      const inputs = cutoff(rows);
      const decoded = decodeCutoff(encodeCutoff(inputs));
      expect(decoded).not.toBeNull();
      expectSameBits(inputs, decoded);
    });

  it("reads a buffer at any byte offset (the driver's buffers are not aligned)", () => {
    const encoded = encodeCutoff(cutoff([row(1), row(2)]));
    const shifted = new Uint8Array(encoded.length + 3);
    shifted.set(encoded, 3);
    expectSameBits(cutoff([row(1), row(2)]), decodeCutoff(shifted.subarray(3)));
  });

  it("is deterministic, and a changed value changes the buffer", () => {
    const a = encodeCutoff(cutoff([row(1), row(2)]));
    expect(encodeCutoff(cutoff([row(1), row(2)]))).toEqual(a);
    expect(encodeCutoff(cutoff([row(1), row(2, { breadthBaseline: 3 })]))).not.toEqual(a);
    expect(encodeCutoff(cutoff([row(1), row(2, { daysSinceLastFailedPayment: 0 })]))).not.toEqual(a);
    expect(encodeCutoff({ ...cutoff([row(1), row(2)]), sampled: false })).not.toEqual(a);
  });

  it("writes the bytes revision 1 always wrote (the fits' digests and the kept cache rest on them)", () => {
    // The SHA-256 of this buffer as the column-by-column encoder of round 14 wrote it.
    const rows = [
      row(1, { weeklyWeight: [] }),
      row(2, { weeklyWeight: [1, 2], tenureWeeks: -0 }),
      ...[3, 4, 5, 6, 10].map((id) => row(id)),
    ];
    expect(
      createHash("sha256")
        .update(encodeCutoff(cutoff(rows)))
        .digest("hex"),
    ).toBe("a801d37fc68e9ff52fa02ab64a444cb9aa1020180cdb0644b3d326880fbdec06");
  });

  it("refuses a null where the field may not be null", () => {
    const bad = row(1, { tierRank: null as unknown as number });
    expect(() => encodeCutoff(cutoff([row(2), bad]))).toThrow("tierRank is null");
  });

  it("refuses another revision and a truncated buffer", () => {
    const encoded = encodeCutoff(cutoff([row(1)]));
    const other = encoded.slice();
    new Uint32Array(other.buffer, 0, 1)[0] = CUTOFF_CODEC_REVISION + 1;
    expect(decodeCutoff(other)).toBeNull();
    expect(() => decodeCutoff(encoded.subarray(0, encoded.length - 8))).toThrow();
  });

  it("is compact for the usual rows: under half their JSON", () => {
    const inputs = cutoff(Array.from({ length: 500 }, (_, i) => row(i + 1)));
    expect(encodeCutoff(inputs).length).toBeLessThan(JSON.stringify(inputs).length / 2);
  });
});
