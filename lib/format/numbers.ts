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

const compactCount = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

/**
 * A count in at most six characters, for narrow table columns: in full up to 99,999, then compact ("123.5K",
 * "1.2M", "2.1B"). Show `formatCount` beside it (a title) when the two differ.
 */
export function formatCompactCount(n: number): string {
  return Math.abs(n) < 100_000 ? formatCount(n) : compactCount.format(n);
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

const shortMonth = new Intl.DateTimeFormat("en-GB", { month: "short", year: "numeric", timeZone: "UTC" });

/**
 * A month key in words for axes, tooltips and tables: "2026-07" → "Jul 2026", keeping a note after it
 * ("2026-12 (so far)" → "Dec 2026 (so far)"). Anything that is not a month key is returned as it is.
 */
export function formatMonth(key: string): string {
  const m = /^(\d{4})-(0[1-9]|1[0-2])(?=$|\s)(.*)$/.exec(key);
  if (!m) return key;
  return shortMonth.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1))) + m[3];
}

const BYTE_UNITS = ["bytes", "KB", "MB", "GB", "TB"] as const;

/** "0.4 of 1.2 KB", "310.0 of 512.5 MB": both sizes in the unit that suits the total (a 1 KB file read as "0.0 of 0.0 MB"). */
export function formatByteProgress(done: number, total: number): string {
  const power = Math.min(Math.max(0, Math.floor(Math.log(Math.max(total, 1)) / Math.log(1024))), 4);
  if (power === 0) return `${formatCount(done)} of ${formatCount(total)} bytes`;
  const scale = 1024 ** power;
  return `${(done / scale).toFixed(1)} of ${(total / scale).toFixed(1)} ${BYTE_UNITS[power]}`;
}
