// Imports: upload a file (admins), watch running imports' progress, and the history of every run
// with its counts and errors. Each run's quarantined rows are on /imports/[id].
import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { IMPORT_SORTS, listImportRuns } from "@/lib/data/imports";
import { parseTableSearchParams } from "@/components/data-table/search-params";
import { PageHeader } from "@/components/ui/page-header";
import { ImportsTable } from "./imports-table";
import { UploadForm } from "./upload-form";
import { ImportProgress } from "./import-progress";
import { IdentityQuality } from "./identity-quality";
import { ConnectorBackfills } from "../settings/connectors/connector-backfills";

export const metadata: Metadata = { title: "Imports" };
export const dynamic = "force-dynamic";

export default async function ImportsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireUser();
  const params = await searchParams;
  const table = parseTableSearchParams(params, {
    allowedSort: IMPORT_SORTS,
    defaultSort: [{ id: "startedAt", desc: true }],
    defaultPageSize: 25,
  });
  const { rows, total } = await listImportRuns(table);
  const active = rows.filter((r) => r.status === "queued" || r.status === "running");
  return (
    <div className="space-y-8">
      <PageHeader
        title="Imports"
        description="Bring in Slack, GitHub, git, Discourse, Stripe, Open Collective and canonical files. Re-importing a file adds nothing twice."
      />
      {user.role === "admin" ? (
        <UploadForm />
      ) : (
        <p className="text-sm text-slate-500">Only admins can upload files.</p>
      )}
      {active.length > 0 && (
        <section aria-labelledby="running-heading" className="space-y-3">
          <h2 id="running-heading" className="text-lg font-semibold">
            Running
          </h2>
          {active.map((run) => (
            <ImportProgress key={run.id} initial={run} />
          ))}
        </section>
      )}
      <IdentityQuality />
      <ConnectorBackfills />
      <section aria-labelledby="history-heading" className="space-y-3">
        <h2 id="history-heading" className="text-lg font-semibold">
          History
        </h2>
        <ImportsTable
          rows={rows}
          total={total}
          pageIndex={table.pageIndex}
          pageSize={table.pageSize}
          sorting={table.sorting}
          timeZone={user.timeZone}
        />
      </section>
    </div>
  );
}
