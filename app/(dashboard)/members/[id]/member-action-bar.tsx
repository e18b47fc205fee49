"use client";
// The member page's actions where the eyes are: log an outreach contact (channel, date, note) and
// set or clear do-not-contact. Admins only; the server checks the role again.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Ban, MessageSquareCheck } from "lucide-react";
import { Button } from "@/components/ui/button";
import { MarkContactedDialog } from "@/components/ranked-list/mark-contacted-dialog";
import { logMemberContactAction, setDoNotContactAction } from "./actions";

export function MemberActionBar({
  memberId,
  name,
  doNotContact,
}: {
  memberId: number;
  name: string;
  doNotContact: boolean;
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
      <Button size="sm" variant="outline" disabled={pending} onClick={toggle} aria-pressed={doNotContact}>
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
