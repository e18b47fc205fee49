// POST /api/v1/imports?source=…: the request body is the file, streamed to disk (name in the
// X-File-Name header), then queued for the worker. GET lists import runs (JSON or ?format=csv).
import { NextResponse } from "next/server";
import { z } from "zod";
import { apiRoute, jsonError, parseQuery } from "@/lib/api/handler";
import { CSV_CONTENT_TYPE, toCsv } from "@/components/data-table/csv";
import { allImportRuns } from "@/lib/data/imports";
import { discardUpload, queueImport, saveUpload } from "@/lib/services/imports/upload";
import {
  BILLING_IMPORT_SOURCES,
  importUploadQuerySchema,
  MAX_UPLOAD_BYTES,
} from "@/lib/validation/ingest-api";

export const dynamic = "force-dynamic";

export const POST = apiRoute("imports:write", async (request, caller) => {
  const query = parseQuery(request, importUploadQuerySchema);
  // A token's holder is not an admin: a billing file would write revenue without Stripe's signature.
  if (BILLING_IMPORT_SOURCES.has(query.source) && caller.kind !== "session") {
    return jsonError(
      403,
      `${query.source} files change revenue: upload them signed in as an admin, not with a token`,
    );
  }
  const fileName = decodedFileName(request.headers.get("x-file-name"));
  if (!fileName) return jsonError(400, "Send the file's name, percent-encoded, in the X-File-Name header");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_UPLOAD_BYTES)
    return jsonError(
      413,
      `Uploads are limited to ${MAX_UPLOAD_BYTES / 1024 ** 3} GB; copy larger files to the server and use the CLI`,
    );
  if (!request.body) return jsonError(400, "The request body must be the file");
  const saved = await saveUpload(request.body, fileName, MAX_UPLOAD_BYTES);
  // A proxy in front (including Next's own, which clones bodies up to proxyClientMaxBodySize) may
  // cut the body short: never import a partial file.
  if (declared > 0 && saved.bytes !== declared) {
    await discardUpload(saved.file);
    return jsonError(
      413,
      `The upload was cut short (${saved.bytes} of ${declared} bytes arrived); the server's proxy body limit is too low for this file`,
    );
  }
  const actor = caller.kind === "session" ? caller.user : null;
  const id = await queueImport(
    actor,
    { source: query.source, file: saved.file, fileName, kind: query.kind, repository: query.repository },
    saved.bytes,
  );
  return NextResponse.json({ id, status: "queued", bytes: saved.bytes }, { status: 202 });
});

/** The X-File-Name header, percent-decoded; null when absent or malformed (e.g. `%E0%A4%A`, a NUL). */
function decodedFileName(header: string | null): string | null {
  try {
    const name = decodeURIComponent(header ?? "").trim();
    return name && name.length <= 255 && !/[\u0000-\u001f]/.test(name) ? name : null;
  } catch {
    return null;
  }
}

const listQuery = z.object({
  format: z.enum(["json", "csv"]).default("json"),
  source: z.string().max(40).optional(),
});

export const GET = apiRoute("read", async (request) => {
  const query = parseQuery(request, listQuery);
  const runs = await allImportRuns(query.source);
  if (query.format === "json") return NextResponse.json({ runs });
  const csv = toCsv(
    [
      "id",
      "source",
      "file",
      "status",
      "started_at",
      "finished_at",
      "read",
      "imported",
      "duplicates",
      "quarantined",
      "members_created",
      "identities_linked",
      "error",
    ],
    runs.map((r) => [
      r.id,
      r.source,
      r.fileName,
      r.status,
      r.startedAt,
      r.finishedAt,
      r.read,
      r.imported,
      r.duplicates,
      r.quarantined,
      r.membersCreated,
      r.identitiesLinked,
      r.error,
    ]),
  );
  return new Response(csv, {
    headers: {
      "content-type": CSV_CONTENT_TYPE,
      "content-disposition": 'attachment; filename="imports.csv"',
    },
  });
});
