import { describe, expect, it } from "vitest";
import {
  CHANGE_KIND_LABELS,
  codeLabel,
  eventKindLabel,
  PAYMENT_KIND_LABELS,
  PAYMENT_STATUS_LABELS,
  SOURCE_LABELS,
} from "./labels";

describe("codeLabel", () => {
  it.each([
    [PAYMENT_STATUS_LABELS, "past_due", "Past due"],
    [PAYMENT_STATUS_LABELS, "failed", "Failed"],
    [PAYMENT_KIND_LABELS, "one_time", "One-off"],
    [PAYMENT_KIND_LABELS, "charge_succeeded", "Charge succeeded"],
    [PAYMENT_KIND_LABELS, "", ""],
    [CHANGE_KIND_LABELS, "reactivate", "Reactivated"],
    [CHANGE_KIND_LABELS, "cancel", "Cancelled"],
    [SOURCE_LABELS, "opencollective", "Open Collective"],
    [SOURCE_LABELS, "meetup", "Meetup"],
  ])("%#: %s → %s", (labels, code, label) => {
    expect(codeLabel(labels, code)).toBe(label);
  });
});

describe("CHANGE_KIND_LABELS", () => {
  it("names every plan change kind the schema stores", () => {
    const kinds = ["new", "upgrade", "downgrade", "cancel", "reactivate"];
    expect(kinds.filter((k) => !CHANGE_KIND_LABELS[k])).toEqual([]);
  });
});

describe("eventKindLabel", () => {
  it.each([
    ["thread_reply", "Thread reply"],
    ["message_edit", "Message edit"],
    ["pr_merged", "Pull request merged"],
    ["rsvp", "Meetup RSVP"],
    // Canonical imports carry any string: it still reads as words, and nothing throws.
    ["webinar_attended", "Webinar attended"],
    ["forum-post", "Forum post"],
    ["__", "__"],
    ["", ""],
  ])("%s → %s", (kind, label) => {
    expect(eventKindLabel(kind)).toBe(label);
  });
});
