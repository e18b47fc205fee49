"use client";
// The tracker as a board: one column per status in pipeline order. Cards move with a select (keyboard
// friendly) rather than drag; each move is a versioned update.
import Link from "next/link";
import { OutreachStatusBadge } from "@/components/ranked-list/cells";
import { formatDate } from "@/lib/format/numbers";
import type { BoardColumn } from "@/lib/data/outreach";
import {
  OUTREACH_KIND_LABELS,
  OUTREACH_LIST_LABELS,
  OUTREACH_STATUS_LABELS,
} from "@/lib/validation/outreach";
import { EditOutreachDialog, type Assignee } from "./edit-outreach-dialog";
import { StatusMover } from "./status-mover";

export function OutreachBoard({
  columns,
  isAdmin,
  assignees,
  timeZone,
}: {
  columns: BoardColumn[];
  isAdmin: boolean;
  assignees: Assignee[];
  timeZone: string;
}) {
  return (
    <div className="flex gap-3 overflow-x-auto pb-2" role="region" tabIndex={0} aria-label="Outreach board">
      {columns.map((column) => (
        <section
          key={column.status}
          aria-labelledby={`board-${column.status}`}
          data-testid={`board-column-${column.status}`}
          className="flex w-64 shrink-0 flex-col rounded-lg border border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900"
        >
          <h2
            id={`board-${column.status}`}
            className="flex items-center justify-between px-3 py-2 text-sm font-semibold"
          >
            {OUTREACH_STATUS_LABELS[column.status]}
            <span className="rounded-full bg-slate-200 px-2 text-xs tabular-nums dark:bg-slate-700">
              {column.total}
            </span>
          </h2>
          <ul className="flex max-h-[65vh] flex-col gap-2 overflow-y-auto px-2 pb-2">
            {column.cards.length === 0 && (
              <li className="px-1 py-3 text-center text-xs text-slate-500">Nothing here</li>
            )}
            {column.cards.map((card) => (
              <li
                key={card.id}
                data-testid="outreach-card"
                className="rounded-md border border-slate-200 bg-white p-2 text-sm shadow-xs dark:border-slate-700 dark:bg-slate-950"
              >
                <div className="flex items-start justify-between gap-2">
                  <Link
                    href={`/members/${card.memberId}`}
                    className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
                  >
                    {card.memberName}
                  </Link>
                  <OutreachStatusBadge status={card.status} claimed={card.claimed} />
                </div>
                <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">
                  {OUTREACH_KIND_LABELS[card.kind] ?? card.kind} ·{" "}
                  {OUTREACH_LIST_LABELS[card.list] ?? card.list}
                  {card.assigneeLabel && <> · {card.assigneeLabel}</>}
                </p>
                <p className="text-xs text-slate-600 dark:text-slate-400">
                  {card.dueAt && <>Due {formatDate(card.dueAt, timeZone)} · </>}
                  {card.contactedAt ? (
                    <>
                      Contacted {formatDate(card.contactedAt, timeZone)}
                      {card.contacts > 1 && <> ({card.contacts} times)</>}
                    </>
                  ) : (
                    "Not contacted yet"
                  )}
                </p>
                {card.note && (
                  <p className="mt-1 line-clamp-2 text-xs text-slate-600 dark:text-slate-400">{card.note}</p>
                )}
                {isAdmin && (
                  <div className="mt-2 flex items-center gap-1">
                    <div className="flex-1">
                      <StatusMover key={`${card.id}-${card.version}`} row={card} />
                    </div>
                    <EditOutreachDialog row={card} assignees={assignees} />
                  </div>
                )}
              </li>
            ))}
            {column.total > column.cards.length && (
              <li className="px-1 text-center text-xs text-slate-500">
                + {column.total - column.cards.length} more in the list view
              </li>
            )}
          </ul>
        </section>
      ))}
    </div>
  );
}
