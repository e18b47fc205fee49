import { describe, expect, it } from "vitest";
import {
  refitReason,
  REFIT_NEW_BILLING_CHANGES,
  type RefitContext,
  type StoredFitFacts,
} from "./refit-policy";

const stored: StoredFitFacts = {
  asOf: "2026-03-11", // a Wednesday
  createdAt: new Date("2026-03-11T06:00:00Z"),
  modelVersion: "5.abc",
  staleSources: ["opencollective"],
  billingChanges: 100,
};
const ctx: RefitContext = {
  asOf: "2026-03-12",
  now: new Date("2026-03-11T20:00:00Z"),
  modelVersion: "5.abc",
  staleSources: ["opencollective"],
  billingChanges: 105,
};

describe("refitReason", () => {
  const cases: [string, StoredFitFacts | null, Partial<RefitContext>, RegExp | null][] = [
    ["same week, fresh, few new billing changes: re-score", stored, {}, null],
    ["the same as-of again: re-score", stored, { asOf: "2026-03-11" }, null],
    ["nothing stored", null, {}, /no stored model/],
    ["feature registry changed", stored, { modelVersion: "5.def" }, /features changed/],
    ["as-of moved back", stored, { asOf: "2026-03-10" }, /before the stored/],
    ["next Monday", stored, { asOf: "2026-03-16" }, /new week/],
    ["a day old", stored, { now: new Date("2026-03-12T06:00:00Z") }, /a day old/],
    ["stale set changed", stored, { staleSources: [] }, /stale/],
    [
      "enough new outcomes",
      stored,
      { billingChanges: 100 + REFIT_NEW_BILLING_CHANGES },
      /20 billing changes added/,
    ],
    ["billing removed", stored, { billingChanges: 90 }, /10 billing changes removed/],
    ["older run without the count", { ...stored, billingChanges: null }, {}, /does not record/],
  ];
  it.each(cases)("%s", (_name, s, change, expected) => {
    const reason = refitReason(s, { ...ctx, ...change });
    if (expected) expect(reason).toMatch(expected);
    else expect(reason).toBeNull();
  });
});
