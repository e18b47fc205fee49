// Calendar helpers shared by every layer: durations, and UTC days written YYYY-MM-DD with weeks
// starting on Monday (the weekly rollups' week_start). Month keys live in lib/analytics/months.ts.

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** The UTC day of `date`, as YYYY-MM-DD. */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `day` (YYYY-MM-DD) plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}

/** `week` (a Monday, YYYY-MM-DD) plus `n` weeks. */
export function addWeeks(week: string, n: number): string {
  return addDays(week, 7 * n);
}

/** Monday (UTC) of the week holding `day`. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/** Midnight UTC of the Monday of the week holding `date`. */
export function mondayOfDate(date: Date): Date {
  return new Date(`${mondayOf(isoDay(date))}T00:00:00Z`);
}
