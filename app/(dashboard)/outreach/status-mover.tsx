"use client";
// Keyboard-usable "move to status" control for a board card or list row: a native select that saves
// at once with the card's version, and shows a conflict if someone else moved it first.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Select } from "@/components/ui/input";
import type { OutreachRow } from "@/lib/data/outreach";
import { OUTREACH_STATUSES, OUTREACH_STATUS_LABELS, type OutreachStatusValue } from "@/lib/validation/outreach";
import { updateOutreachAction } from "./actions";

export function StatusMover({ row }: { row: Pick<OutreachRow, "id" | "version" | "status" | "memberName"> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const move = (status: OutreachStatusValue) =>
    startTransition(async () => {
      setError(null);
      const result = await updateOutreachAction({ id: row.id, version: row.version, status });
      if (!result.ok) setError(result.error);
      router.refresh();
    });
  return (
    <div className="grid gap-1">
      <Select
        aria-label={`Move ${row.memberName} to status`}
        value={row.status}
        disabled={pending}
        className="h-8 text-xs"
        onChange={(e) => move(e.target.value as OutreachStatusValue)}
        options={OUTREACH_STATUSES.map((s) => ({ value: s, label: OUTREACH_STATUS_LABELS[s] }))}
      />
      {error && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      )}
    </div>
  );
}
