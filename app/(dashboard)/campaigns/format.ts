// Display helpers shared by the campaign pages (pure, server- and client-safe).
import type { ProportionEstimate } from "@/lib/analytics/proportions";
import type { VerdictKind } from "@/lib/analytics/campaign-verdict";
import type { BadgeTone } from "@/components/ui/badge";

export const points = (v: number) => `${v >= 0 ? "+" : "−"}${Math.abs(v * 100).toFixed(1)}`;

/** "+4.1 pts (0.8 to 7.4)" or "–" when there is nothing to compare. */
export function formatUplift(u: ProportionEstimate | null): string {
  if (!u) return "–";
  return `${points(u.estimate)} pts (${(u.lower * 100).toFixed(1)} to ${(u.upper * 100).toFixed(1)})`;
}

export function formatP(p: number | null): string {
  if (p === null) return "–";
  return p < 0.001 ? "< 0.001" : p.toFixed(3);
}

export const VERDICT_TONE: Record<VerdictKind, BadgeTone> = {
  raised: "success",
  lowered: "danger",
  "no-detectable-effect": "neutral",
  "not-enough-data": "warning",
  "too-early": "info",
};

export const VERDICT_LABEL: Record<VerdictKind, string> = {
  raised: "Raised",
  lowered: "Lowered",
  "no-detectable-effect": "No detectable effect",
  "not-enough-data": "Not enough data",
  "too-early": "Too early",
};
