// Server-only reads for /members/merge: suggested pairs (computed in SQL by the identity service)
// and recent merges with both members' names, for the Undo list.
import "server-only";
import { readDb as db } from "@/lib/db/client";
import { mergeSuggestions, type MergeSuggestion } from "@/lib/services/identity/suggestions";

export type { MergeSuggestion };

export function listMergeSuggestions(limit = 100): Promise<MergeSuggestion[]> {
  return mergeSuggestions(limit);
}

export interface RecentMerge {
  id: number;
  survivorId: number;
  survivorName: string | null;
  mergedId: number;
  mergedName: string;
  reason: string;
  actor: string | null;
  createdAt: string;
  undoneAt: string | null;
  moved: number;
}

export async function listRecentMerges(limit = 50): Promise<RecentMerge[]> {
  const rows = await db.$queryRaw<
    {
      id: number;
      survivor_id: number;
      survivor_name: string | null;
      merged_id: number;
      merged_name: string | null;
      reason: string;
      actor: string | null;
      created_at: Date;
      undone_at: Date | null;
      moved: number | null;
    }[]
  >`
    select mm.id, mm.survivor_id, s.display_name as survivor_name, mm.merged_id, mm.snapshot->'merged'->>'display_name' as merged_name,
           mm.reason, u.email as actor, mm.created_at, mm.undone_at,
           (select sum(jsonb_array_length(v))::int from jsonb_each(mm.snapshot->'moved') as e(k, v) where jsonb_typeof(v) = 'array') as moved
      from member_merges mm left join members s on s.id = mm.survivor_id left join admin_users u on u.id = mm.actor_id
     order by mm.created_at desc, mm.id desc limit ${limit}`;
  return rows.map((r) => ({
    id: r.id,
    survivorId: r.survivor_id,
    survivorName: r.survivor_name,
    mergedId: r.merged_id,
    mergedName: r.merged_name ?? `#${r.merged_id}`,
    reason: r.reason,
    actor: r.actor,
    createdAt: r.created_at.toISOString(),
    undoneAt: r.undone_at?.toISOString() ?? null,
    moved: r.moved ?? 0,
  }));
}

/** How well the sources are joined into people (Imports page). */
export { identityLinkSummary, type IdentityLinkSummary } from "@/lib/services/imports/link-report";

/** The admin-editable bot list. */
export { readBotList as listBotList } from "@/lib/services/identity/bot-list";
