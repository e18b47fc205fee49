// Formatting shared by pages and exports (no React).
export function formatMoney(cents: number, currency = "usd"): string {
  return new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: currency.toUpperCase(),
    maximumFractionDigits: 0,
  }).format(cents / 100);
}

export function formatCount(n: number): string {
  return new Intl.NumberFormat("en-US").format(n);
}

export function formatPercent(fraction: number | null, digits = 1): string {
  return fraction === null || !Number.isFinite(fraction) ? "–" : `${(fraction * 100).toFixed(digits)}%`;
}

export function formatDate(date: Date | string | null, timeZone = "UTC"): string {
  if (!date) return "–";
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone }).format(new Date(date));
}

export function formatDateTime(date: Date | string | null, timeZone = "UTC"): string {
  if (!date) return "–";
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone }).format(
    new Date(date),
  );
}
