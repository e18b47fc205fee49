// Conversion rate per activity decile as a table with inline bars (server-rendered).
import { EmptyState } from "@/components/ui/empty-state";
import { formatCount, formatPercent } from "@/lib/format/numbers";
import type { DecileConversion } from "@/lib/analytics/retention";

export function DecileTable({ rows }: { rows: DecileConversion[] }) {
  if (rows.every((r) => r.members === 0)) return <EmptyState compact title="No free members to rank yet" />;
  const max = Math.max(0.0001, ...rows.map((r) => r.upper ?? r.rate ?? 0));
  return (
    <table className="w-full text-sm">
      <caption className="sr-only">Conversion to paid by activity decile (1 = least active)</caption>
      <thead className="text-left text-xs text-slate-500">
        <tr>
          <th scope="col" className="px-2 py-1">
            Decile
          </th>
          <th scope="col" className="px-2 py-1">
            Members
          </th>
          <th scope="col" className="px-2 py-1">
            Converted
          </th>
          <th scope="col" className="px-2 py-1">
            Rate (95% CI)
          </th>
          <th scope="col" className="w-1/3 px-2 py-1">
            <span className="sr-only">Bar</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.decile} className="border-t border-slate-100 dark:border-slate-800">
            <td className="px-2 py-1">
              {r.decile === 10 ? "10 (most active)" : r.decile === 1 ? "1 (least active)" : r.decile}
            </td>
            <td className="px-2 py-1 tabular-nums">{formatCount(r.members)}</td>
            <td className="px-2 py-1 tabular-nums">{formatCount(r.conversions)}</td>
            <td className="px-2 py-1 tabular-nums">
              {formatPercent(r.rate)} ({formatPercent(r.lower)}–{formatPercent(r.upper)})
            </td>
            <td className="px-2 py-1" aria-hidden="true">
              <div className="h-2 rounded bg-sky-600" style={{ width: `${((r.rate ?? 0) / max) * 100}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
