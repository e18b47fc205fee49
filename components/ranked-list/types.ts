// Props shared by the ranked-list components: the server actions a page passes down (so this
// shared client code never imports an app route's actions module) and the filter choices.
import type { ActionResult } from "@/lib/auth/action";
import type { AddToOutreachResult, MarkOutreachDoneResult } from "@/lib/services/outreach";
import type { RankingKind } from "@/lib/validation/outreach";
import type { MarkContactedAction } from "./mark-contacted-dialog";

export type RankedListActions = {
  markDone: (input: {
    memberId: number;
    list: RankingKind;
    confirmRecent: boolean;
  }) => Promise<ActionResult<MarkOutreachDoneResult>>;
  addToOutreach: (input: {
    memberIds: number[];
    list: RankingKind;
  }) => Promise<ActionResult<AddToOutreachResult>>;
  /** Bulk "Mark contacted (channel, date, note)"; the bar shows it when given. */
  markContacted?: MarkContactedAction;
};

export type RankedFilterChoices = {
  tiers: { value: number; label: string }[];
  orgs: { value: number; label: string }[];
  sources: string[];
  tags: string[];
};
