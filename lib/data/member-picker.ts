// The member picker's read (Organisations → add an affiliation): a few members whose name, email or handle
// starts with the typed text. Light on purpose: no count, no billing or organisation columns, ten rows at most.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import type { MemberPickerOption } from "@/lib/validation/members";
import { likePattern } from "./sql";

export const MEMBER_PICKER_LIMIT = 10;

/**
 * Members whose name (or a word of it), primary email, or any identity's handle or email starts with `q`
 * (case-insensitive; a leading "@" is dropped for handles). Bots included: an admin may affiliate one.
 * Names starting with the text come first, then by name.
 */
export async function pickMembers(q: string, limit = MEMBER_PICKER_LIMIT): Promise<MemberPickerOption[]> {
  const prefix = likePattern(q, true);
  const wordPrefix = `% ${prefix}`;
  const handle = likePattern(q.replace(/^@/, ""), true);
  const rows = await db.$queryRaw<{ id: number; display_name: string; primary_email: string | null }[]>`
    select m.id, m.display_name, m.primary_email from members m
     where m.display_name ilike ${prefix} or m.display_name ilike ${wordPrefix} or m.primary_email ilike ${prefix}
        or m.id in (select i.member_id from identities i where i.handle ilike ${handle} or i.email ilike ${prefix})
     order by m.display_name ilike ${prefix} desc, m.display_name, m.id
     limit ${limit}`;
  return rows.map((r) => ({ id: r.id, name: r.display_name, email: r.primary_email }));
}
