// One import run: its counts and error, and the rows it quarantined with the reason and the
// original line (paged; the whole list downloads as CSV).
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { getImportRun, listFilesSetAside, listQuarantinedRows } from "@/lib/data/imports";
import { parseTableSearchParams } from "@/components/data-table/search-params";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { formatCount, formatDateTime } from "@/lib/format/numbers";
import { sourceLabel } from "@/lib/format/labels";
import { parseRouteId } from "@/lib/validation/id";
import { ImportProgress } from "../import-progress";
import { QuarantineTable } from "./quarantine-table";

export const metadata: Metadata = { title: "Import" };
export const dynamic = "force-dynamic";

export default async function ImportRunPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const id = parseRouteId((await params).id);
  if (id === null) notFound();
  const run = await getImportRun(id);
  if (!run) notFound();
  const table = parseTableSearchParams(await searchParams, { defaultPageSize: 50 });
  const [{ rows, total }, filesSetAside] = await Promise.all([
    listQuarantinedRows(id, table),
    listFilesSetAside(id),
  ]);
  return (
    <div className="space-y-8">
      <PageHeader
        title={`Import #${run.id}: ${run.fileName}`}
        description={`${sourceLabel(run.source)} · started ${formatDateTime(run.startedAt, user.timeZone)}${run.finishedAt ? ` · finished ${formatDateTime(run.finishedAt, user.timeZone)}` : ""}`}
        actions={
          <Link href="/imports" className="text-sm text-indigo-700 hover:underline">
            All imports
          </Link>
        }
      />
      <ImportProgress initial={run} />
      <div className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
        <Stat label="Read" value={formatCount(run.read)} />
        <Stat label="Imported" value={formatCount(run.imported)} />
        <Stat label="Duplicates" value={formatCount(run.duplicates)} />
        <Stat label="Quarantined" value={formatCount(run.quarantined)} />
        <Stat label="New members" value={formatCount(run.membersCreated)} />
        <Stat label="Identities linked" value={formatCount(run.identitiesLinked)} />
      </div>
      {filesSetAside.length > 0 && (
        <section aria-labelledby="set-aside-heading" className="space-y-2">
          <h2 id="set-aside-heading" className="text-lg font-semibold">
            Files set aside
          </h2>
          <p className="text-sm text-gray-600">
            These files of the export could not be read, so none of their rows were imported; everything else
            was. Fix them and upload the export again: rows already imported are not duplicated.
          </p>
          <ul className="list-disc space-y-1 pl-5 text-sm">
            {filesSetAside.map((f) => (
              <li key={f.file}>
                <span className="font-mono">
                  {f.file}
                  {f.line ? `:${f.line}` : ""}
                </span>
                : {f.reason}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="quarantine-heading" className="space-y-3">
        <h2 id="quarantine-heading" className="text-lg font-semibold">
          Quarantined rows
        </h2>
        <QuarantineTable
          runId={run.id}
          rows={rows}
          total={total}
          pageIndex={table.pageIndex}
          pageSize={table.pageSize}
        />
      </section>
    </div>
  );
}
