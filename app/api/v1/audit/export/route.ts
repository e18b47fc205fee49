// GET /api/v1/audit/export: the whole audit log as CSV, newest first, with each entry's details (JSON); the
// Settings page shows the latest 50 without details. A signed-in admin only: details name people and values.
import { apiRoute } from "@/lib/api/handler";
import { AuthError } from "@/lib/auth/roles";
import { auditLogInBatches } from "@/lib/data/settings";
import { csvStreamResponse } from "../../rankings/csv-stream";

export const dynamic = "force-dynamic";

const HEADERS = ["id", "at", "who", "action", "entity", "entity_id", "details"];

export const GET = apiRoute("read", async (_request, caller) => {
  if (caller.kind !== "session" || caller.user.role !== "admin")
    throw new AuthError(403, "Only a signed-in admin can export the audit log");
  return csvStreamResponse("audit-log", HEADERS, auditLogInBatches(), (r) => [
    r.id,
    r.createdAt,
    r.actorLabel,
    r.action,
    r.entity,
    r.entityId,
    r.details === null ? null : JSON.stringify(r.details),
  ]);
});
