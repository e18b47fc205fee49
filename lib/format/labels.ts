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
