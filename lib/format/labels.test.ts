import { describe, expect, it } from "vitest";
import {
  CHANGE_KIND_LABELS,
  codeLabel,
  eventKindLabel,
  linkedByLabel,
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

describe("linkedByLabel", () => {
  it.each([
    ["same email as slack jane.doe", "Same email as jane.doe (Slack)"],
    ["same GitHub account as git Erin Splitwell", "Same GitHub account as Erin Splitwell (git)"],
    ["its profile names github octocat", "Its profile names octocat (GitHub)"],
    [
      "named in the profile of opencollective Acme Fund",
      "Named in the profile of Acme Fund (Open Collective)",
    ],
    ["pushed commits with the email of git ana@x.org", "Pushed commits with the email of ana@x.org (git)"],
    ["split off member #12 by an admin", "Split off member #12 by an admin"],
    ["re-joined by an admin (undo split #3)", "Re-joined by an admin (split undone)"],
  ])("%s → %s", (stored, label) => {
    expect(linkedByLabel(stored)).toEqual({ label });
  });

  it("shows an unknown code as words and keeps the stored text for a tooltip", () => {
    expect(linkedByLabel("email_domain")).toEqual({ label: "Email domain", raw: "email_domain" });
    expect(linkedByLabel("manual-merge")).toEqual({ label: "Manual merge", raw: "manual-merge" });
  });
});
