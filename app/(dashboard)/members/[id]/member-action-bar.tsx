"use client";
// The member page's actions where the eyes are: log an outreach contact (channel, date, note), add
// to an active campaign, and set or clear do-not-contact. Admins only; the server checks the role again.
import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Ban, MessageSquareCheck } from "lucide-react";
import { Button } from "@/components/ui/button";
import { MarkContactedDialog } from "@/components/ranked-list/mark-contacted-dialog";
import type { MemberCampaignOptions } from "@/lib/data/member-campaigns";
import { logMemberContactAction, setDoNotContactAction } from "./actions";
import { AddToCampaignDialog } from "./add-to-campaign-dialog";

export function MemberActionBar({
  memberId,
  name,
  doNotContact,
  campaigns,
}: {
  memberId: number;
  name: string;
  doNotContact: boolean;
  campaigns: MemberCampaignOptions;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  const toggle = () =>
    startTransition(async () => {
      const result = await setDoNotContactAction({ memberId, doNotContact: !doNotContact });
      setMessage(
        result.ok
          ? result.data.doNotContact
            ? `${name} is marked do not contact.`
            : `${name} can be contacted again.`
          : result.error,
      );
      router.refresh();
    });
  return (
    <div role="toolbar" aria-label="Member actions" className="flex flex-wrap items-center gap-2">
      {!doNotContact && (
        <MarkContactedDialog
          memberIds={[memberId]}
          list="member"
          who={name}
          markContacted={logMemberContactAction}
          onDone={setMessage}
          trigger={
            <Button size="sm">
              <MessageSquareCheck aria-hidden="true" />
              Log outreach…
            </Button>
          }
        />
      )}
      <CampaignAction memberId={memberId} name={name} options={campaigns} onDone={setMessage} />
      <Button size="sm" variant="outline" pending={pending} onClick={toggle} aria-pressed={doNotContact}>
        <Ban aria-hidden="true" />
        {doNotContact ? "Allow contact again" : "Do not contact"}
      </Button>
      {message && (
        <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
          {message}
        </p>
      )}
    </div>
  );
}

/** The campaign the member is in, the dialog to add them to one, or why neither (staff, no campaign…). */
function CampaignAction(props: {
  memberId: number;
  name: string;
  options: MemberCampaignOptions;
  onDone: (message: string) => void;
}) {
  const { options } = props;
  if (options.kind === "choices")
    return (
      <AddToCampaignDialog
        memberId={props.memberId}
        name={props.name}
        campaigns={options.campaigns}
        onDone={props.onDone}
      />
    );
  return (
    <span className="text-sm text-slate-700 dark:text-slate-300" data-testid="campaign-state">
      {options.kind === "in_campaign" ? (
        <>
          In campaign{" "}
          <Link href={`/campaigns/${options.campaign.id}`} className="underline">
            {options.campaign.name}
          </Link>{" "}
          ({options.campaign.arm === "holdout" ? "holdout: do not contact" : "contact group"})
        </>
      ) : (
        <>No campaign to add to: {options.reason}</>
      )}
    </span>
  );
}
