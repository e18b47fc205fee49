"use client";
// "Split off" and "Re-join" on the member page's Identities card (admins only): an identity wrongly joined to this
// member becomes a member of its own, kept apart from this one by every later import; re-joining undoes it.
import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogError, DialogFooter, SimpleDialog } from "@/components/ui/dialog";
import { useDialogState } from "@/components/ui/use-dialog-state";
import { splitIdentityAction, undoSplitAction } from "./actions";

function ConfirmFooter(props: {
  error: string | null;
  pending: boolean;
  label: string;
  onConfirm: () => void;
}) {
  return (
    <>
      {props.error && <DialogError>{props.error}</DialogError>}
      <DialogFooter>
        <DialogClose asChild>
          <Button variant="outline">Cancel</Button>
        </DialogClose>
        <Button pending={props.pending} onClick={props.onConfirm}>
          {props.label}
        </Button>
      </DialogFooter>
    </>
  );
}

const plural = (n: number, word: string) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

export function SplitIdentityButton(props: {
  identityId: number;
  label: string;
  source: string;
  events: number;
}) {
  const router = useRouter();
  const [newMemberId, setNewMemberId] = useState<number | null>(null);
  // The page refreshes when the dialog closes: refreshed at once, this row (and the link below) would be gone.
  const {
    props: dialog,
    error,
    setError,
  } = useDialogState({
    onClose: () => {
      if (newMemberId) router.refresh();
    },
  });
  const [pending, startTransition] = useTransition();
  const split = () =>
    startTransition(async () => {
      const result = await splitIdentityAction({ identityId: props.identityId });
      if (!result.ok) return setError(result.error);
      setError(null);
      setNewMemberId(result.data.newMemberId);
    });
  const billing = props.source === "stripe" || props.source === "opencollective";
  return (
    <SimpleDialog
      {...dialog}
      title={newMemberId ? `Split off: ${props.label}` : `Split off ${props.label}?`}
      trigger={
        <Button size="sm" variant="outline" aria-label={`Split off ${props.source} ${props.label}`}>
          Split off
        </Button>
      }
    >
      {newMemberId ? (
        <div className="grid gap-3 text-sm">
          <p role="status">
            {props.label} is a member of its own now. Rankings and rollups follow on the next recompute
            (queued).
          </p>
          <Link
            className="font-medium text-sky-700 underline dark:text-sky-400"
            href={`/members/${newMemberId}`}
          >
            Open the new member
          </Link>
        </div>
      ) : (
        <div className="grid gap-3 text-sm">
          <p>Becomes a new member of its own, named after this {props.source} account:</p>
          <ul className="list-disc pl-5">
            <li>this identity and its {plural(props.events, "event")}</li>
            {billing && <li>the subscriptions and payments of this {props.source} account</li>}
            <li>
              the organisation of its email domain (copied when another identity here shares the domain)
            </li>
          </ul>
          <p>
            Stay here: the other identities, notes, tags, outreach and campaigns. Later imports keep the two
            apart; “Re-join” on the new member undoes it.
          </p>
          <ConfirmFooter error={error} pending={pending} label="Split off" onConfirm={split} />
        </div>
      )}
    </SimpleDialog>
  );
}

export function RejoinButton(props: { splitId: number; fromMemberId: number; label: string }) {
  const router = useRouter();
  const { props: dialog, error, setError } = useDialogState();
  const [pending, startTransition] = useTransition();
  const rejoin = () =>
    startTransition(async () => {
      const result = await undoSplitAction({ splitId: props.splitId });
      if (!result.ok) return setError(result.error);
      router.push(`/members/${result.data.memberId}`);
    });
  return (
    <SimpleDialog
      {...dialog}
      title={`Re-join ${props.label}?`}
      trigger={
        <Button size="sm" variant="outline">
          Re-join
        </Button>
      }
    >
      <div className="grid gap-3 text-sm">
        <p>
          Merges this member back into{" "}
          <Link href={`/members/${props.fromMemberId}`}>member #{props.fromMemberId}</Link>, which it was
          split off, and lets imports join them again. The merge can be undone on Merge members.
        </p>
        <ConfirmFooter error={error} pending={pending} label="Re-join" onConfirm={rejoin} />
      </div>
    </SimpleDialog>
  );
}
