// Whether a billing source still describes the ranking's day: a source whose newest change or payment is
// long before the as-of (an export that stopped, a connector that broke) cannot say who is paying now.

/** Monthly renewals make a live billing source write at least monthly; 60 days without a row is a stopped source. */
export const BILLING_STALE_AFTER_DAYS = 60;

export interface BillingSourceFreshness {
  source: string;
  /** Newest billing row on or before the as-of (YYYY-MM-DD); null when none. */
  dataThrough: string | null;
  /** Days from dataThrough to the as-of. */
  lagDays: number | null;
  stale: boolean;
}

const DAY_MS = 86_400_000;

export function billingFreshness(
  asOf: string,
  sources: readonly { source: string; dataThrough: string | null }[],
): BillingSourceFreshness[] {
  return sources.map(({ source, dataThrough }) => {
    const lagDays = dataThrough ? Math.round((Date.parse(asOf) - Date.parse(dataThrough)) / DAY_MS) : null;
    return { source, dataThrough, lagDays, stale: lagDays == null || lagDays > BILLING_STALE_AFTER_DAYS };
  });
}

/** One plain sentence for the CLI, API and pages; null when every billing source is current. */
export function billingFreshnessMessage(sources: readonly BillingSourceFreshness[]): string | null {
  const stale = sources.filter((s) => s.stale);
  if (sources.length === 0)
    return "No billing source is imported: nobody is known to be paying, so the at-risk list is empty.";
  if (stale.length === 0) return null;
  const list = stale
    .map(
      (s) =>
        `${s.source} (data through ${s.dataThrough ?? "never"}, ${s.lagDays ?? "?"} days before the as-of)`,
    )
    .join(", ");
  const none = stale.length === sources.length;
  return `Stale billing ${stale.length === 1 ? "source" : "sources"}: ${list}. Its subscriptions are not assumed active${
    none ? "; no billing source is current, so the at-risk list cannot say who is paying now." : "."
  }`;
}
