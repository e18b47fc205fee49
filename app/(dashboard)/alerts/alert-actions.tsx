"use client";
// Per-alert triage buttons: add a member's alert to outreach, snooze a week, dismiss; restore for
// snoozed or dismissed ones. Says what happened in a status line.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import {
  alertToOutreachAction,
  dismissAlertsAction,
  restoreAlertsAction,
  snoozeAlertsAction,
} from "./actions";

/**
 * Moves the focus to the same action of the next alert (else the previous one) before this alert leaves the
 * feed, so a keyboard user triages alert after alert instead of starting again from the top of the page.
 */
function focusNeighbour(button: HTMLElement) {
  const row = button.closest("li");
  const neighbour = row?.nextElementSibling ?? row?.previousElementSibling;
  const action = button.dataset.action;
  const target =
    neighbour?.querySelector<HTMLElement>(`[data-action="${action}"]`) ?? neighbour?.querySelector("button");
  target?.focus();
}

export function AlertActions({
  id,
  subject,
  canOutreach,
  closed,
}: {
  id: number;
  subject: string;
  canOutreach: boolean;
  closed: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  /** `leaving`: the button pressed, when its action takes the alert out of this feed (snooze, dismiss, restore). */
  const run = (
    work: () => Promise<{ ok: true; data: unknown } | { ok: false; error: string }>,
    done: (data: never) => string,
    leaving?: HTMLElement,
  ) =>
    startTransition(async () => {
      const result = await work();
      setMessage(result.ok ? done(result.data as never) : result.error);
      if (result.ok && leaving) focusNeighbour(leaving);
      router.refresh();
    });
  return (
    <div className="flex flex-wrap items-center gap-1">
      {closed ? (
        <Button
          size="sm"
          variant="outline"
          pending={pending}
          data-action="restore"
          onClick={(event) =>
            run(
              () => restoreAlertsAction({ ids: [id] }),
              () => "Back in the feed.",
              event.currentTarget,
            )
          }
        >
          Restore
        </Button>
      ) : (
        <>
          {canOutreach && (
            <Button
              size="sm"
              variant="outline"
              pending={pending}
              onClick={() =>
                run(
                  () => alertToOutreachAction({ id }),
                  (d: { status: string }) =>
                    d.status === "created" ? "Added to outreach." : "Already open in outreach.",
                )
              }
            >
              Add to outreach<span className="sr-only">: {subject}</span>
            </Button>
          )}
          <Button
            size="sm"
            variant="ghost"
            pending={pending}
            data-action="snooze"
            onClick={(event) =>
              run(
                () => snoozeAlertsAction({ ids: [id], days: 7 }),
                () => "Snoozed for 7 days.",
                event.currentTarget,
              )
            }
          >
            Snooze 7 days<span className="sr-only">: alert about {subject}</span>
          </Button>
          <Button
            size="sm"
            variant="ghost"
            pending={pending}
            data-action="dismiss"
            onClick={(event) =>
              run(
                () => dismissAlertsAction({ ids: [id] }),
                () => "Dismissed.",
                event.currentTarget,
              )
            }
          >
            Dismiss<span className="sr-only"> alert about {subject}</span>
          </Button>
        </>
      )}
      {message && (
        <span role="status" className="text-xs text-slate-700 dark:text-slate-300">
          {message}
        </span>
      )}
    </div>
  );
}
