// Words, not codes: the human labels pages show for stored codes (alert kinds, tiers).
export const ALERT_KIND_LABELS: Record<string, string> = {
  drop: "Activity drop",
  quiet: "Gone quiet",
  welcome_back: "Welcome back",
  ingest_failed: "Ingest failures",
  partner_lapsed: "Partner lapsed",
};

/** Partner programme status (lib/partners/eligibility) as the Organisations pages name it. */
export const PARTNER_STATUS_LABELS = {
  eligible: "Eligible partner",
  lapsed: "Lapsed",
  not_yet: "Not yet eligible",
} as const;

/** "Free" for tier 0, the plan's name when known, else "Tier n". */
export function tierLabel(tier: number | null | undefined, planName?: string | null): string {
  if (tier === null || tier === undefined) return "–";
  if (planName) return planName;
  return tier === 0 ? "Free" : `Tier ${tier}`;
}

/** Payment kinds from every billing source (Stripe, Open Collective, manual, demo) as the pages name them. */
export const PAYMENT_KIND_LABELS: Record<string, string> = {
  recurring: "Recurring",
  invoice: "Invoice",
  donation: "Donation",
  one_time: "One-off",
  yearly: "Yearly",
};

/** Payment and subscription statuses (Stripe's open set included) as words. */
export const PAYMENT_STATUS_LABELS: Record<string, string> = {
  paid: "Paid",
  failed: "Failed",
  active: "Active",
  trialing: "Trialing",
  past_due: "Past due",
  unpaid: "Unpaid",
  canceled: "Cancelled",
  incomplete: "Incomplete",
  incomplete_expired: "Expired",
  paused: "Paused",
};

/** Plan changes (the `ChangeKind` enum) as the member page's plan history names them. */
export const CHANGE_KIND_LABELS: Record<string, string> = {
  new: "New",
  upgrade: "Upgrade",
  downgrade: "Downgrade",
  cancel: "Cancelled",
  reactivate: "Reactivated",
};

/**
 * Activity event kinds (`activity_events.type`) as the pages name them; the default activity types take their
 * labels from here. Canonical imports may bring any other string: `eventKindLabel` turns it into words.
 */
export const EVENT_KIND_LABELS: Record<string, string> = {
  message: "Message",
  thread_reply: "Thread reply",
  reaction: "Reaction",
  message_edit: "Message edit",
  post: "Forum post",
  reply: "Forum reply",
  accepted_answer: "Accepted answer",
  pr_opened: "Pull request opened",
  pr_merged: "Pull request merged",
  pr_review: "Review",
  pr_review_comment: "Review comment",
  issue_opened: "Issue opened",
  issue_comment: "Issue comment",
  push: "Push",
  commit: "Commit",
  docs: "Documentation",
  talk: "Talk",
  meetup_hosted: "Meetup hosted",
  pairing_session: "Pairing session",
  rsvp: "Meetup RSVP",
  attended: "Meetup attended",
  manual_contribution: "Manual contribution",
};

export function eventKindLabel(kind: string): string {
  return codeLabel(EVENT_KIND_LABELS, kind);
}

/** How an affiliation was found (`affiliations.origin`), as the organisation page names it. */
export const AFFILIATION_ORIGIN_LABELS: Record<string, string> = {
  "email-domain": "Email domain",
  profile: "Profile",
  manual: "Set by an admin",
  import: "Imported",
};

/** Import run statuses (`ImportStatus`) as the Imports pages name them. */
export const IMPORT_STATUS_LABELS: Record<string, string> = {
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
};

/** Import and identity sources as the pages name them ("opencollective" → "Open Collective"). */
export const SOURCE_LABELS: Record<string, string> = {
  slack: "Slack",
  github: "GitHub",
  git: "git",
  discourse: "Discourse",
  stripe: "Stripe",
  opencollective: "Open Collective",
  canonical: "Canonical",
  csv: "CSV",
  jsonl: "JSONL",
};

/** A source code in words ("opencollective" → "Open Collective", "forum" → "Forum"). */
export function sourceLabel(source: string): string {
  return codeLabel(SOURCE_LABELS, source);
}

/** The label for a stored code; a code no map knows yet still reads as words ("charge_succeeded" → "Charge succeeded"). */
export function codeLabel(labels: Record<string, string>, code: string): string {
  const known = labels[code];
  if (known) return known;
  const words = code.replace(/[_-]+/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : code;
}

/** The sentences the importer and the split store in `identities.linked_by` (lib/identity/claims describeLink). */
const LINK_PHRASES = [
  "same email as",
  "same login as",
  "same member key as",
  "same GitHub account as",
  "its profile names",
  "pushed commits with the email of",
  "its noreply address names",
  "its email is on commits pushed by",
  "named by the noreply address of",
  "named in the profile of",
];

/**
 * Why an identity joined its member, as the Identities card says it: "same email as slack jane" → "Same email as
 * jane (Slack)", a split and its undo in plain words. Text it does not know is shown as words with the stored
 * text as `raw`, for a tooltip.
 */
export function linkedByLabel(stored: string): { label: string; raw?: string } {
  const upper = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);
  for (const phrase of LINK_PHRASES) {
    const m = new RegExp(`^${phrase} (\\S+) (.+)$`).exec(stored);
    if (m) return { label: `${upper(phrase)} ${m[2]} (${sourceLabel(m[1])})` };
  }
  const split = /^split off member #(\d+) by an admin$/.exec(stored);
  if (split) return { label: `Split off member #${split[1]} by an admin` };
  if (/^re-joined by an admin \(undo split #\d+\)$/.test(stored))
    return { label: "Re-joined by an admin (split undone)" };
  return { label: codeLabel({}, stored), raw: stored };
}
