// The admin-editable list of bot accounts: logins, names or emails, matched case-insensitively
// against an identity's handle, display name, email and external id. Pure.
import type { IdentityRecord } from "@/lib/ingest/types";

export const BOT_LIST_SETTING = "identity.bot_accounts";
export const MAX_BOT_ENTRIES = 500;

/** One entry per line or comma; trimmed, lower-cased, de-duplicated, empty ones dropped. */
export function parseBotList(text: string): string[] {
  const entries = text
    .split(/[\n,]/)
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e.length > 0 && e.length <= 200);
  return [...new Set(entries)].slice(0, MAX_BOT_ENTRIES);
}

export function isListedBot(
  record: Pick<IdentityRecord, "handle" | "displayName" | "email" | "externalId">,
  list: ReadonlySet<string>,
): boolean {
  if (list.size === 0) return false;
  return [record.handle, record.displayName, record.email, record.externalId].some(
    (v) => typeof v === "string" && list.has(v.trim().toLowerCase()),
  );
}
