// Saves the admin-editable bot list and applies it to identities already stored: listed accounts
// become bots (their claims are dropped, so they link nobody), and members left with only bots are bots.
import "server-only";
import { db } from "@/lib/db/client";
import type { SessionUser } from "@/lib/auth/roles";
import { BOT_LIST_SETTING, parseBotList } from "@/lib/identity/bot-list";
import { recordAudit } from "@/lib/services/audit";

export async function readBotList(): Promise<string[]> {
  const row = await db.setting.findUnique({ where: { key: BOT_LIST_SETTING } });
  return Array.isArray(row?.value) ? row.value.filter((v): v is string => typeof v === "string") : [];
}

export async function saveBotList(
  actor: Pick<SessionUser, "id" | "email"> | null,
  text: string,
): Promise<{ entries: number; identitiesFlagged: number }> {
  const entries = parseBotList(text);
  const flagged = await db.$transaction(async (tx) => {
    await tx.setting.upsert({
      where: { key: BOT_LIST_SETTING },
      create: { key: BOT_LIST_SETTING, value: entries },
      update: { value: entries },
    });
    if (!entries.length) return [];
    const rows = await tx.$queryRaw<{ id: number; member_id: number }[]>`
      update identities set is_bot = true
       where not is_bot and (lower(handle) = any(${entries}::text[]) or lower(display_name) = any(${entries}::text[])
          or lower(email) = any(${entries}::text[]) or lower(external_id) = any(${entries}::text[]))
      returning id, member_id`;
    if (!rows.length) return rows;
    await tx.$executeRaw`delete from identity_claims where identity_id = any(${rows.map((r) => r.id)}::int[])`;
    await tx.$executeRaw`
      update members m set is_bot = true, updated_at = now()
       where m.id = any(${rows.map((r) => r.member_id)}::int[]) and not exists (select 1 from identities i where i.member_id = m.id and not i.is_bot)`;
    return rows;
  });
  await recordAudit(actor, "identity.bot_list", "setting", BOT_LIST_SETTING, {
    entries: entries.length,
    identitiesFlagged: flagged.length,
  });
  return { entries: entries.length, identitiesFlagged: flagged.length };
}
