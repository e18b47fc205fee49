"use client";
// Keyboard-usable "move to status" control for a board card or list row. Choosing in the select
// only stages the change (arrow keys on a focused select must never save); "Save" writes it with the
// card's version, and shows a conflict if someone else moved it first.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/input";
import type { OutreachRow } from "@/lib/data/outreach";
import {
  OUTREACH_STATUSES,
  OUTREACH_STATUS_LABELS,
  type OutreachStatusValue,
} from "@/lib/validation/outreach";
import { updateOutreachAction } from "./actions";

export function StatusMover({ row }: { row: Pick<OutreachRow, "id" | "version" | "status" | "memberName"> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [choice, setChoice] = useState<OutreachStatusValue>(row.status);
  const changed = choice !== row.status;
  const save = () =>
    startTransition(async () => {
      setError(null);
      const result = await updateOutreachAction({ id: row.id, version: row.version, status: choice });
      if (!result.ok) setError(result.error);
      router.refresh();
    });
  return (
    <div className="grid gap-1">
      <div className="flex items-center gap-1">
        <Select
          aria-label={`Status of ${row.memberName}`}
          value={choice}
          disabled={pending}
          className="h-8 min-w-32 text-xs"
          onChange={(e) => setChoice(e.target.value as OutreachStatusValue)}
          options={OUTREACH_STATUSES.map((s) => ({ value: s, label: OUTREACH_STATUS_LABELS[s] }))}
        />
        {changed && (
          <>
            <Button
              size="sm"
              className="h-8"
              pending={pending}
              onClick={save}
              aria-label={`Save status ${OUTREACH_STATUS_LABELS[choice]} for ${row.memberName}`}
            >
              Save
            </Button>
            <Button
              size="sm"
              variant="ghost"
              className="h-8"
              pending={pending}
              onClick={() => setChoice(row.status)}
              aria-label={`Cancel status change for ${row.memberName}`}
            >
              Cancel
            </Button>
          </>
        )}
      </div>
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}
