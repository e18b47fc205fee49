// The month a page shows: ?month=YYYY-MM when valid, else the last month the data covers completely
// (a partial month read as a whole one looks like a collapse), with its comparison window.
import "server-only";
import { isMonthKey, type MonthKey } from "@/lib/analytics/months";
import { defaultMonth, monthWindow, type MonthWindow } from "@/lib/analytics/periods";
import { activityDataThrough } from "@/lib/data/organizations";

export async function monthFromParams(
  params: Record<string, string | string[] | undefined>,
): Promise<MonthKey> {
  return (await monthViewFromParams(params)).month;
}

export async function monthViewFromParams(
  params: Record<string, string | string[] | undefined>,
): Promise<MonthWindow & { dataThrough: Date }> {
  const raw = Array.isArray(params.month) ? params.month[0] : params.month;
  const dataThrough = await activityDataThrough();
  return {
    ...monthWindow(defaultMonth(raw && isMonthKey(raw) ? raw : null, dataThrough), dataThrough),
    dataThrough,
  };
}
