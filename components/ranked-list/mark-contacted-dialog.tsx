"use client";
// "Mark contacted (channel, date, note)": one dialog for the ranked lists' bulk bar and the member
// page. The contact lands on the member's open record for the list (never a second one).
import { useTransition, type FormEvent, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { DialogError, DialogFormActions, SimpleDialog } from "@/components/ui/dialog";
import { useDialogState } from "@/components/ui/use-dialog-state";
import { Input, Select } from "@/components/ui/input";
import type { ActionResult } from "@/lib/auth/action";
import type { MarkContactedBulkResult } from "@/lib/services/outreach";
import { OUTREACH_CHANNELS, OUTREACH_CHANNEL_LABELS, type ContactList } from "@/lib/validation/outreach";

export type MarkContactedAction = (input: {
  memberIds: number[];
  list: ContactList;
  channel: (typeof OUTREACH_CHANNELS)[number];
  contactedAt: Date;
  note?: string;
}) => Promise<ActionResult<MarkContactedBulkResult>>;

const today = () => new Date().toISOString().slice(0, 10);

export function MarkContactedDialog(props: {
  memberIds: number[];
  list: ContactList;
  markContacted: MarkContactedAction;
  trigger: ReactNode;
  /** "3 members" or a member's name, for the title. */
  who: string;
  onDone?: (message: string) => void;
}) {
  const router = useRouter();
  const { props: dialog, error, setError, close } = useDialogState();
  const [pending, startTransition] = useTransition();
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const day = String(form.get("contactedAt") ?? "");
    // The calendar day the admin picked, at noon UTC so it reads the same day in every time zone;
    // today means now (noon may still be ahead).
    const contactedAt = day === today() ? new Date() : new Date(`${day}T12:00:00.000Z`);
    const note = String(form.get("note") ?? "").trim();
    startTransition(async () => {
      const result = await props.markContacted({
        memberIds: props.memberIds,
        list: props.list,
        channel: String(form.get("channel")) as (typeof OUTREACH_CHANNELS)[number],
        contactedAt,
        ...(note ? { note } : {}),
      });
      if (!result.ok) return setError(result.error);
      const r = result.data;
      const skipped = [
        r.skippedDoNotContact.length && `${r.skippedDoNotContact.length} do not contact`,
        r.skippedMissing.length && `${r.skippedMissing.length} not found`,
      ].filter(Boolean);
      close();
      props.onDone?.(
        `Marked ${r.contacted.length} contacted${skipped.length ? ` (skipped: ${skipped.join(", ")})` : ""}.`,
      );
      router.refresh();
    });
  };
  return (
    <SimpleDialog
      {...dialog}
      title={`Mark contacted: ${props.who}`}
      description="Adds the contact to the open outreach record, or opens one."
      trigger={props.trigger}
    >
      <form onSubmit={onSubmit} className="grid gap-3 text-sm" aria-label="Mark contacted">
        <div className="grid grid-cols-2 gap-3">
          <label className="grid gap-1">
            Channel
            <Select
              name="channel"
              required
              defaultValue="email"
              options={OUTREACH_CHANNELS.map((c) => ({ value: c, label: OUTREACH_CHANNEL_LABELS[c] }))}
            />
          </label>
          <label className="grid gap-1">
            Date
            <Input type="date" name="contactedAt" required max={today()} defaultValue={today()} />
          </label>
        </div>
        <label className="grid gap-1">
          Note
          <textarea
            name="note"
            rows={3}
            maxLength={2000}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
          />
        </label>
        {error && <DialogError>{error}</DialogError>}
        <DialogFormActions submitLabel="Mark contacted" pending={pending} />
      </form>
    </SimpleDialog>
  );
}
