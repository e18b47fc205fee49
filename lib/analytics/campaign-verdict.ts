// Turns a campaign's uplift into one plain-language sentence an admin can act on, with the
// assumptions behind it listed separately so the UI can show them on demand.

import type { CampaignResult } from "./uplift";

export type VerdictKind = "raised" | "lowered" | "no-detectable-effect" | "not-enough-data" | "too-early";

export interface CampaignVerdict {
  kind: VerdictKind;
  sentence: string;
  assumptions: string[];
}

export interface VerdictOptions {
  /** ISO 4217 currency of the MRR figures; default USD. */
  currency?: string;
  /**
   * The day the horizon passes ("6 Feb 2027") when it has not yet: outcomes are still arriving, so
   * no verdict is given, only when the first read is due.
   */
  firstReadOn?: string | null;
}

const points = (v: number) => (v * 100).toFixed(1);

function formatP(p: number | null): string {
  if (p === null) return "";
  return p < 0.001 ? "; p < 0.001" : `; p = ${p.toFixed(3)}`;
}

function money(cents: number, currency: string): string {
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency,
    minimumFractionDigits: 0,
    maximumFractionDigits: 0,
  }).format(cents / 100);
}

/**
 * "Contacting raised upgrades by 4.1 points, 95% CI 0.8 to 7.4" when the interval excludes
 * zero, otherwise "No detectable effect yet", with the smallest lift the sample could detect.
 */
export function campaignVerdict(result: CampaignResult, options: VerdictOptions = {}): CampaignVerdict {
  const { currency = "USD" } = options;
  const { goal, uplift, treatment, holdout } = result;
  if (options.firstReadOn) {
    return {
      kind: "too-early",
      sentence: `Too early — first read on ${options.firstReadOn}. Outcomes are counted over the whole horizon, so any verdict before then would judge ${goal} that have not had time to happen.`,
      assumptions: result.assumptions,
    };
  }
  const level = `${Math.round(result.confidence * 100)}% CI`;
  const pooled = result.campaigns > 1 ? ` (${result.campaigns} campaigns pooled)` : "";
  const assumptions = result.assumptions;
  if (!uplift || treatment.rate === null || holdout.rate === null) {
    const empty = treatment.members === 0 ? "no member was contacted" : "no member was held out";
    return {
      kind: "not-enough-data",
      sentence: `Not enough data yet${pooled}: ${empty}, so the effect on ${goal} cannot be measured.`,
      assumptions,
    };
  }
  const ci = `${level} ${points(uplift.lower)} to ${points(uplift.upper)}${formatP(result.pValue)}`;
  const rates = `${points(treatment.rate)}% of ${treatment.members} contacted vs ${points(holdout.rate)}% of ${holdout.members} held out`;
  if (uplift.lower > 0 || uplift.upper < 0) {
    const raised = uplift.lower > 0;
    let sentence = `Contacting ${raised ? "raised" : "lowered"} ${goal} by ${points(Math.abs(uplift.estimate))} points${pooled}, ${ci} (${rates})`;
    const extra = result.extraConversions;
    if (raised && extra) {
      sentence += `: about ${Math.round(extra.estimate)} extra ${goal} (${Math.round(extra.lower)} to ${Math.round(extra.upper)})`;
      const mrr = result.extraMrrCents;
      if (mrr)
        sentence += `, roughly ${money(mrr.estimate, currency)} MRR (${money(mrr.lower, currency)} to ${money(mrr.upper, currency)})`;
    }
    return { kind: raised ? "raised" : "lowered", sentence: `${sentence}.`, assumptions };
  }
  const direction = uplift.estimate >= 0 ? "higher" : "lower";
  let sentence = `No detectable effect yet${pooled}: ${goal} ran ${points(Math.abs(uplift.estimate))} points ${direction} among contacted members, ${ci} (${rates}).`;
  if (result.minimumDetectableEffect !== null) {
    sentence += ` With these group sizes only a lift of about ${points(result.minimumDetectableEffect)} points or more would reliably show up.`;
  }
  return { kind: "no-detectable-effect", sentence, assumptions };
}
