// What the member page's "Add to campaign" offers: the active campaigns this member could join
// (on the campaign's ranked list now, eligible, in no other active campaign), or why none.
import "server-only";
import { readDb } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

/** A page reads through readDb; the service re-checks inside its transaction on the primary. */
type Reader = Pick<Prisma.TransactionClient, "$queryRaw">;

export interface CampaignChoice {
  id: number;
  name: string;
  sourceList: string;
  goal: string;
  holdoutShare: number;
}

export type MemberCampaignOptions =
  | { kind: "in_campaign"; campaign: { id: number; name: string; arm: "contact" | "holdout" } }
  | { kind: "ineligible"; reason: string }
  | { kind: "choices"; campaigns: CampaignChoice[] };

export async function memberCampaignOptions(
  memberId: number,
  db: Reader = readDb,
): Promise<MemberCampaignOptions> {
  const [member, current] = await Promise.all([
    db.$queryRaw<{ is_staff: boolean; is_bot: boolean; do_not_contact: boolean; staff_org: boolean }[]>`
      select m.is_staff, m.is_bot, m.do_not_contact,
             exists (select 1 from affiliations a join organizations o on o.id = a.org_id
                      where a.member_id = m.id and o.is_staff_org and (a.ends_at is null or a.ends_at > now())) as staff_org
        from members m where m.id = ${memberId}`,
    db.$queryRaw<{ id: number; name: string; arm: string }[]>`
      select c.id, c.name, cm.arm from campaign_members cm join campaigns c on c.id = cm.campaign_id
       where cm.member_id = ${memberId} and c.status = 'active' limit 1`,
  ]);
  const m = member[0];
  if (!m) return { kind: "ineligible", reason: "Member not found." };
  if (current[0])
    return {
      kind: "in_campaign",
      campaign: { ...current[0], arm: current[0].arm === "holdout" ? "holdout" : "contact" },
    };
  // The same exclusions as a launch (lib/data/campaign-selection): never staff, bots or do-not-contact.
  if (m.is_staff || m.staff_org) return { kind: "ineligible", reason: "Staff are never put in a campaign." };
  if (m.is_bot) return { kind: "ineligible", reason: "Bots are never put in a campaign." };
  if (m.do_not_contact)
    return { kind: "ineligible", reason: "Marked do not contact: never put in a campaign." };
  const campaigns = await db.$queryRaw<
    { id: number; name: string; source_list: string; goal: string; holdout_share: number }[]
  >`
    select c.id, c.name, c.source_list, c.goal, c.holdout_share
      from campaigns c
     where c.status = 'active' and c.launched_at + make_interval(weeks => c.horizon_weeks) > now()
       and exists (select 1 from score_snapshots s
                    where s.kind = c.source_list and s.member_id = ${memberId}
                      and s.as_of = (select max(as_of) from score_snapshots where kind = c.source_list))
     order by c.launched_at desc, c.id desc`;
  if (campaigns.length === 0)
    return {
      kind: "ineligible",
      reason: "No active campaign draws from a ranked list this member is on now.",
    };
  return {
    kind: "choices",
    campaigns: campaigns.map((c) => ({
      id: c.id,
      name: c.name,
      sourceList: c.source_list,
      goal: c.goal,
      holdoutShare: c.holdout_share,
    })),
  };
}
