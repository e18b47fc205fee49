// The month a page shows: ?month=YYYY-MM when valid, else the month of the latest activity.
import "server-only";
import { isMonthKey, type MonthKey } from "@/lib/analytics/months";
import { latestActivityMonth } from "@/lib/data/organizations";

export async function monthFromParams(params: Record<string, string | string[] | undefined>): Promise<MonthKey> {
  const raw = Array.isArray(params.month) ? params.month[0] : params.month;
  return raw && isMonthKey(raw) ? raw : latestActivityMonth();
}
