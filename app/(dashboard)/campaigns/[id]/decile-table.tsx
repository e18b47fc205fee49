// Conversion and uplift per score decile (10 = highest scores). Server component.
import type { DecileUplift } from "@/lib/analytics/uplift";
import { formatCount, formatPercent } from "@/lib/format/numbers";
import { formatUplift } from "../format";

export function DecileTable({ deciles }: { deciles: DecileUplift[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="w-full text-sm" aria-label="Uplift by score decile">
        <thead className="bg-slate-50 text-left text-xs text-slate-500 uppercase">
          <tr>
            <th className="px-3 py-2">Decile</th>
            <th className="px-3 py-2 text-right">Contacted</th>
            <th className="px-3 py-2 text-right">Held out</th>
            <th className="px-3 py-2">Uplift (95% CI)</th>
          </tr>
        </thead>
        <tbody>
          {[...deciles].reverse().map((d) => (
            <tr key={d.decile} className="border-t border-slate-100">
              <td className="px-3 py-2">{d.decile}</td>
              <td className="px-3 py-2 text-right tabular-nums">
                {formatPercent(d.treatment.rate)} of {formatCount(d.treatment.members)}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">
                {formatPercent(d.holdout.rate)} of {formatCount(d.holdout.members)}
              </td>
              <td className="px-3 py-2 whitespace-nowrap tabular-nums">{formatUplift(d.uplift)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
