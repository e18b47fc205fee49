// Server-only reads for the Imports page and API: import run history (sorted, paged), one run's
// live progress, and its quarantined rows.
import "server-only";
import { z } from "zod";
import { readDb as db } from "@/lib/db/client";
import type { SortingEntry } from "@/lib/table-search-params";

export interface ImportRunRow {
  id: number;
  source: string;
  fileName: string;
  status: string;
  read: number;
  imported: number;
  duplicates: number;
  quarantined: number;
  membersCreated: number;
  identitiesLinked: number;
  processedBytes: number;
  totalBytes: number | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
  createdBy: string | null;
}

export const IMPORT_SORTS = [
  "startedAt",
  "source",
  "status",
  "read",
  "imported",
  "duplicates",
  "quarantined",
] as const;

type RunRecord = Awaited<ReturnType<typeof db.importRun.findFirstOrThrow>>;

function toRow(r: RunRecord, createdBy: string | null): ImportRunRow {
  return {
    id: r.id,
    source: r.source,
    fileName: r.fileName,
    status: r.status,
    read: r.read,
    imported: r.imported,
    duplicates: r.duplicates,
    quarantined: r.quarantined,
    membersCreated: r.membersCreated,
    identitiesLinked: r.identitiesLinked,
    processedBytes: Number(r.processedBytes),
    totalBytes: r.totalBytes === null ? null : Number(r.totalBytes),
    error: r.error,
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    createdBy,
  };
}

async function creators(ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((i): i is number => i !== null))];
  if (!wanted.length) return new Map();
  const users = await db.adminUser.findMany({
    where: { id: { in: wanted } },
    select: { id: true, email: true },
  });
  return new Map(users.map((u) => [u.id, u.email]));
}

export async function listImportRuns(options: {
  pageIndex: number;
  pageSize: number;
  sorting: SortingEntry[];
  source?: string;
}): Promise<{ rows: ImportRunRow[]; total: number }> {
  const sort = options.sorting[0] ?? { id: "startedAt", desc: true };
  const key = (IMPORT_SORTS as readonly string[]).includes(sort.id) ? sort.id : "startedAt";
  const where = options.source ? { source: options.source } : {};
  const [runs, total] = await Promise.all([
    db.importRun.findMany({
      where,
      orderBy: [{ [key]: sort.desc ? "desc" : "asc" }, { id: "desc" }],
      skip: options.pageIndex * options.pageSize,
      take: options.pageSize,
    }),
    db.importRun.count({ where }),
  ]);
  const names = await creators(runs.map((r) => r.createdById));
  return {
    rows: runs.map((r) => toRow(r, r.createdById ? (names.get(r.createdById) ?? null) : null)),
    total,
  };
}

/** Every run matching the filter, newest first, for the CSV export. */
export async function allImportRuns(source?: string): Promise<ImportRunRow[]> {
  const runs = await db.importRun.findMany({ where: source ? { source } : {}, orderBy: { id: "desc" } });
  const names = await creators(runs.map((r) => r.createdById));
  return runs.map((r) => toRow(r, r.createdById ? (names.get(r.createdById) ?? null) : null));
}

export async function getImportRun(id: number): Promise<ImportRunRow | null> {
  const run = await db.importRun.findUnique({ where: { id } });
  if (!run) return null;
  const names = await creators([run.createdById]);
  return toRow(run, run.createdById ? (names.get(run.createdById) ?? null) : null);
}

export interface QuarantinedRowView {
  id: string;
  file: string;
  line: number;
  reason: string;
  raw: string;
}

export async function listQuarantinedRows(
  importRunId: number,
  options: { pageIndex: number; pageSize: number },
): Promise<{ rows: QuarantinedRowView[]; total: number }> {
  const [rows, total] = await Promise.all([
    db.quarantinedRow.findMany({
      where: { importRunId },
      orderBy: [{ file: "asc" }, { line: "asc" }, { id: "asc" }],
      skip: options.pageIndex * options.pageSize,
      take: options.pageSize,
    }),
    db.quarantinedRow.count({ where: { importRunId } }),
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id.toString(),
      file: r.file,
      line: r.line,
      reason: r.reason,
      raw: r.raw,
    })),
    total,
  };
}

/** Streams every quarantined row of a run in pages (a run may hold many), in file and line order. */
export async function* quarantinedRowsInPages(
  importRunId: number,
  pageSize = 5000,
): AsyncGenerator<QuarantinedRowView[]> {
  let after = -1n;
  for (;;) {
    const rows = await db.quarantinedRow.findMany({
      where: { importRunId, id: { gt: after } },
      orderBy: { id: "asc" },
      take: pageSize,
    });
    if (!rows.length) return;
    after = rows[rows.length - 1].id;
    yield rows.map((r) => ({
      id: r.id.toString(),
      file: r.file,
      line: r.line,
      reason: r.reason,
      raw: r.raw,
    }));
  }
}

const filesSetAsideSchema = z.object({
  filesSetAside: z.array(z.object({ file: z.string(), line: z.number(), reason: z.string() })),
});

/** Files of a multi-file export (Slack day files) that the run set aside whole while the rest landed. */
export async function listFilesSetAside(
  importRunId: number,
): Promise<{ file: string; line: number; reason: string }[]> {
  const run = await db.importRun.findUnique({ where: { id: importRunId }, select: { summary: true } });
  const parsed = filesSetAsideSchema.safeParse(run?.summary);
  return parsed.success ? parsed.data.filesSetAside : [];
}
