"use client";
// Edit one outreach record in a dialog. Sends the version it was opened with; if another admin saved
// in between, the server refuses with a conflict and the dialog says so instead of overwriting.
import { useTransition, type FormEvent } from "react";
import { useRouter } from "next/navigation";
import { Pencil } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DialogError, DialogFormActions, SimpleDialog } from "@/components/ui/dialog";
import { useDialogState } from "@/components/ui/use-dialog-state";
import { Input, Select } from "@/components/ui/input";
import type { OutreachRow } from "@/lib/data/outreach";
import {
  OUTREACH_CHANNELS,
  OUTREACH_CHANNEL_LABELS,
  OUTREACH_KIND_LABELS,
  OUTREACH_LIST_LABELS,
  OUTREACH_STATUSES,
  OUTREACH_STATUS_LABELS,
  type UpdateOutreachInput,
} from "@/lib/validation/outreach";
import { updateOutreachAction } from "./actions";

export type Assignee = { id: number; label: string };

/** Due dates are stored at noon UTC so the calendar day reads the same in every admin time zone. */
const dueToIso = (day: string) => (day ? new Date(`${day}T12:00:00.000Z`) : null);

export function EditOutreachDialog({ row, assignees }: { row: OutreachRow; assignees: Assignee[] }) {
  const router = useRouter();
  const { props: dialog, error, setError, close } = useDialogState<{ text: string; conflict: boolean }>();
  const [pending, startTransition] = useTransition();

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (key: string) => String(form.get(key) ?? "").trim();
    const input: UpdateOutreachInput = {
      id: row.id,
      version: row.version,
      status: text("status") as UpdateOutreachInput["status"],
      assigneeId: text("assigneeId") ? Number(text("assigneeId")) : null,
      dueAt: dueToIso(text("dueAt")),
      channel: (text("channel") || null) as UpdateOutreachInput["channel"],
      note: text("note") || null,
      outcome: text("outcome") || null,
    };
    startTransition(async () => {
      const result = await updateOutreachAction(input);
      if (!result.ok) return setError({ text: result.error, conflict: result.code === "conflict" });
      close();
      router.refresh();
    });
  };

  return (
    <SimpleDialog
      {...dialog}
      title={`Outreach: ${row.memberName}`}
      description={`${OUTREACH_KIND_LABELS[row.kind] ?? row.kind} · from ${OUTREACH_LIST_LABELS[row.list] ?? row.list}`}
      trigger={
        <Button size="sm" variant="ghost" aria-label={`Edit outreach for ${row.memberName}`}>
          <Pencil aria-hidden="true" />
          Edit
        </Button>
      }
    >
      <form key={row.version} onSubmit={onSubmit} className="grid gap-3 text-sm" aria-label="Edit outreach">
        <label className="grid gap-1">
          Status
          <Select
            name="status"
            defaultValue={row.status}
            options={OUTREACH_STATUSES.map((s) => ({ value: s, label: OUTREACH_STATUS_LABELS[s] }))}
          />
        </label>
        <label className="grid gap-1">
          Assignee
          <Select
            name="assigneeId"
            defaultValue={row.assigneeId ? String(row.assigneeId) : ""}
            placeholder="Unassigned"
            options={assignees.map((a) => ({ value: String(a.id), label: a.label }))}
          />
        </label>
        <div className="grid grid-cols-2 gap-3">
          <label className="grid gap-1">
            Due date
            <Input type="date" name="dueAt" defaultValue={row.dueAt ? row.dueAt.slice(0, 10) : ""} />
          </label>
          <label className="grid gap-1">
            Channel
            <Select
              name="channel"
              defaultValue={row.channel ?? ""}
              placeholder="—"
              options={OUTREACH_CHANNELS.map((c) => ({ value: c, label: OUTREACH_CHANNEL_LABELS[c] }))}
            />
          </label>
        </div>
        <label className="grid gap-1">
          Note
          <textarea
            name="note"
            defaultValue={row.note ?? ""}
            rows={3}
            maxLength={2000}
            className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-700 dark:bg-slate-950"
          />
        </label>
        <label className="grid gap-1">
          Outcome
          <Input name="outcome" defaultValue={row.outcome ?? ""} maxLength={500} />
        </label>
        {error && (
          <DialogError>
            {error.text}
            {error.conflict && (
              <Button
                type="button"
                variant="outline"
                size="sm"
                className="ml-2"
                onClick={() => router.refresh()}
              >
                Reload
              </Button>
            )}
          </DialogError>
        )}
        <DialogFormActions submitLabel="Save" pending={pending} />
      </form>
    </SimpleDialog>
  );
}
