// Conversion of contacted members (upgraded or renewed) by list and by assignee: two small tables.
import { ExportCsvLink } from "@/components/data-table/export-csv-link";
import type { ConversionRow } from "@/lib/data/outreach";
import { formatCount, formatPercent } from "@/lib/format/numbers";
import { OUTREACH_LIST_LABELS } from "@/lib/validation/outreach";

type Props = { title: string; by: "list" | "assignee"; rows: ConversionRow[]; testId: string };

function ConversionTable({ title, by, rows, testId }: Props) {
  return (
    // Scrolls sideways on a phone: focusable and named, so a keyboard can scroll it too.
    <div
      className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-950"
      data-testid={testId}
      tabIndex={0}
      role="region"
      aria-label={`Conversion ${title.toLowerCase()}`}
    >
      <table className="w-full text-sm">
        <caption className="px-3 py-2 text-left text-sm font-semibold">
          <div className="flex items-center justify-between gap-2">
            {title}
            <ExportCsvLink
              href={`/api/v1/outreach/conversion/export?by=${by}`}
              what={`conversion ${title.toLowerCase()}`}
            />
          </div>
        </caption>
        <thead className="bg-slate-50 text-left text-xs text-slate-600 uppercase dark:bg-slate-900 dark:text-slate-400">
          <tr>
            <th scope="col" className="px-3 py-2" />
            <th scope="col" className="px-3 py-2 text-right">
              Contacted
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Resolved
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Converted
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Claimed
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Rate
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={6} className="px-3 py-3 text-center text-slate-600">
                Nobody contacted yet.
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={r.key} className="border-t border-slate-100 tabular-nums dark:border-slate-800">
              <th scope="row" className="px-3 py-2 text-left font-medium">
                {OUTREACH_LIST_LABELS[r.label] ?? r.label}
              </th>
              <td className="px-3 py-2 text-right">{formatCount(r.contacted)}</td>
              <td className="px-3 py-2 text-right">{formatCount(r.resolved)}</td>
              <td className="px-3 py-2 text-right">{formatCount(r.converted)}</td>
              <td className="px-3 py-2 text-right">{formatCount(r.claimed)}</td>
              <td className="px-3 py-2 text-right">{formatPercent(r.rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ConversionTables({
  byList,
  byAssignee,
}: {
  byList: ConversionRow[];
  byAssignee: ConversionRow[];
}) {
  return (
    <section aria-labelledby="conversion-heading" className="space-y-3">
      <h2 id="conversion-heading" className="text-lg font-semibold">
        Conversion of contacted members
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Converted = upgraded or renewed as billing shows it, within 8 weeks of contact; outcomes fill in
        automatically. Claimed = marked upgraded or renewed by hand while billing does not show it: listed,
        never counted. A member contacted again counts once.
      </p>
      {/* Side by side only where both fit: at 1366 px each half scrolled its Rate column out of view. */}
      <div className="grid gap-4 2xl:grid-cols-2">
        <ConversionTable title="By list" by="list" rows={byList} testId="conversion-by-list" />
        <ConversionTable
          title="By assignee"
          by="assignee"
          rows={byAssignee}
          testId="conversion-by-assignee"
        />
      </div>
    </section>
  );
}
