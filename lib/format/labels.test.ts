import { describe, expect, it } from "vitest";
import { codeLabel, PAYMENT_KIND_LABELS, PAYMENT_STATUS_LABELS } from "./labels";

describe("codeLabel", () => {
  it.each([
    [PAYMENT_STATUS_LABELS, "past_due", "Past due"],
    [PAYMENT_STATUS_LABELS, "failed", "Failed"],
    [PAYMENT_KIND_LABELS, "one_time", "One-off"],
    [PAYMENT_KIND_LABELS, "charge_succeeded", "Charge succeeded"],
    [PAYMENT_KIND_LABELS, "", ""],
  ])("%#: %s → %s", (labels, code, label) => {
    expect(codeLabel(labels, code)).toBe(label);
  });
});
