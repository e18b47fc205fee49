// Calendar-month arithmetic on 'YYYY-MM' keys, always in UTC so results never depend on
// the server's time zone. Shared by the MRR, retention, target and KPI modules.

export type MonthKey = string;

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonthKey(value: string): boolean {
  return MONTH_RE.test(value);
}

/** Months since year 0 (a dense integer index); throws on a malformed key. */
export function monthIndex(key: MonthKey): number {
  const m = MONTH_RE.exec(key);
  if (!m) throw new RangeError(`Not a YYYY-MM month: ${key}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function monthFromIndex(index: number): MonthKey {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}`;
}

export function monthKey(date: Date): MonthKey {
  return monthFromIndex(date.getUTCFullYear() * 12 + date.getUTCMonth());
}

export function addMonths(key: MonthKey, n: number): MonthKey {
  return monthFromIndex(monthIndex(key) + n);
}

export function monthsBetween(from: MonthKey, to: MonthKey): number {
  return monthIndex(to) - monthIndex(from);
}

/** Inclusive list of months from `from` to `to`; empty when `to` precedes `from`. */
export function monthRange(from: MonthKey, to: MonthKey): MonthKey[] {
  const out: MonthKey[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(monthFromIndex(i));
  return out;
}

/** Midnight UTC on the 1st of the month. */
export function monthStart(key: MonthKey): Date {
  const i = monthIndex(key);
  return new Date(Date.UTC(Math.floor(i / 12), i % 12, 1));
}

export function daysInMonth(key: MonthKey): number {
  const i = monthIndex(key);
  return new Date(Date.UTC(Math.floor(i / 12), (i % 12) + 1, 0)).getUTCDate();
}
