"use client";
// One-step "Mark outreach done" for a ranked-list row. The server decides whether the member was
// contacted in the last 30 days; if so it returns a warning, which this button asks the admin to confirm.
import { useState, useTransition } from "react";
import { Check } from "lucide-react";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogFooter, SimpleDialog } from "@/components/ui/dialog";
import type { RankedListActions } from "./types";
import type { RankingKind } from "@/lib/validation/outreach";

export function MarkDoneButton({
  memberId,
  memberName,
  list,
  markDone,
}: {
  memberId: number;
  memberName: string;
  list: RankingKind;
  markDone: RankedListActions["markDone"];
}) {
  const [pending, startTransition] = useTransition();
  const [warning, setWarning] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const submit = (confirmRecent: boolean) =>
    startTransition(async () => {
      setError(null);
      const result = await markDone({ memberId, list, confirmRecent });
      if (!result.ok) return setError(result.error);
      if (result.data.status === "warning") return setWarning(result.data.message);
      setWarning(null);
      setDone(true);
    });

  return (
    <div className="flex flex-col items-end gap-1">
      <Button size="sm" variant="outline" pending={pending} onClick={() => submit(false)}>
        <Check aria-hidden="true" />
        {done ? "Done" : "Mark done"}
        <span className="sr-only"> for {memberName}</span>
      </Button>
      {error && (
        <p role="alert" className="max-w-48 text-xs text-red-700">
          {error}
        </p>
      )}
      <SimpleDialog
        open={warning !== null}
        onOpenChange={(open) => !open && setWarning(null)}
        title="Contacted recently"
        description={warning ?? undefined}
      >
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline">Cancel</Button>
          </DialogClose>
          <Button pending={pending} onClick={() => submit(true)}>
            Contact anyway
          </Button>
        </DialogFooter>
      </SimpleDialog>
    </div>
  );
}
