"use client";
// "Add to campaign" on the member page: pick an active campaign this member can join. The server
// draws contact or holdout in the campaign's proportions, and the result says which (a holdout
// member must not be contacted), so the campaign's comparison stays fair.
import { useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Megaphone } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DialogError, DialogFormActions, SimpleDialog } from "@/components/ui/dialog";
import { useDialogState } from "@/components/ui/use-dialog-state";
import { Select } from "@/components/ui/input";
import type { CampaignChoice } from "@/lib/data/member-campaigns";
import {
  CAMPAIGN_GOAL_LABELS,
  CAMPAIGN_LIST_LABELS,
  type CampaignGoal,
  type CampaignList,
} from "@/lib/validation/campaigns";
import { addToCampaignAction } from "./actions";

const percent = (share: number) => `${Math.round(share * 100)}%`;

export function AddToCampaignDialog(props: {
  memberId: number;
  name: string;
  campaigns: CampaignChoice[];
  onDone: (message: string) => void;
}) {
  const router = useRouter();
  const { props: dialog, error, setError, close } = useDialogState();
  const [pending, startTransition] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const campaignId = Number(new FormData(event.currentTarget).get("campaignId"));
    startTransition(async () => {
      const result = await addToCampaignAction({ campaignId, memberId: props.memberId });
      if (!result.ok) return setError(result.error);
      close();
      props.onDone(
        result.data.arm === "contact"
          ? `${props.name} joined “${result.data.campaignName}” in the contact group: an outreach task is open.`
          : `${props.name} joined “${result.data.campaignName}” in the holdout group: do not contact them until it ends.`,
      );
      router.refresh();
    });
  };
  return (
    <SimpleDialog
      {...dialog}
      title={`Add to campaign: ${props.name}`}
      description="The member is put in the contact or the holdout group at random, in the campaign's proportions, so its comparison stays fair."
      trigger={
        <Button size="sm" variant="outline">
          <Megaphone aria-hidden="true" />
          Add to campaign…
        </Button>
      }
    >
      <form onSubmit={onSubmit} className="grid gap-3 text-sm" aria-label="Add to campaign">
        <label className="grid gap-1">
          Campaign
          <Select
            name="campaignId"
            required
            defaultValue={String(props.campaigns[0]?.id ?? "")}
            options={props.campaigns.map((c) => ({
              value: String(c.id),
              label: `${c.name} · ${CAMPAIGN_GOAL_LABELS[c.goal as CampaignGoal] ?? c.goal} from ${CAMPAIGN_LIST_LABELS[c.sourceList as CampaignList] ?? c.sourceList} · ${percent(c.holdoutShare)} held out`,
            }))}
          />
        </label>
        {error && <DialogError>{error}</DialogError>}
        <DialogFormActions submitLabel="Add to campaign" pending={pending} />
      </form>
    </SimpleDialog>
  );
}
