"use client";
// The member's event feed, newest first; "Load more" fetches the next page by cursor.
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { formatDateTime } from "@/lib/format/numbers";
import { eventKindLabel, sourceLabel } from "@/lib/format/labels";
import type { MemberEventPage } from "@/lib/data/member-detail";

export function EventFeed({
  memberId,
  initial,
  timeZone,
}: {
  memberId: number;
  initial: MemberEventPage;
  timeZone: string;
}) {
  const [events, setEvents] = useState(initial.events);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const loadMore = () =>
    start(async () => {
      if (!cursor) return;
      const response = await fetch(`/api/v1/members/${memberId}/events?cursor=${encodeURIComponent(cursor)}`);
      if (!response.ok) {
        setError("Could not load more events; try again.");
        return;
      }
      const page = (await response.json()) as MemberEventPage;
      setEvents((prev) => [...prev, ...page.events]);
      setCursor(page.nextCursor);
      setError(null);
    });

  if (events.length === 0) return <p className="text-sm text-slate-500">No events recorded.</p>;
  return (
    <div className="space-y-3">
      <ol className="divide-y divide-slate-100 text-sm dark:divide-slate-800" aria-label="Event feed">
        {events.map((e) => (
          <li key={e.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-1.5">
            <time dateTime={e.occurredAt} className="w-40 shrink-0 text-slate-500 tabular-nums">
              {formatDateTime(e.occurredAt, timeZone)}
            </time>
            <Badge>{sourceLabel(e.source)}</Badge>
            {/* The stored code stays in the title: it is what the CSV export and the API carry. */}
            <span className="font-medium" title={e.type}>
              {eventKindLabel(e.type)}
            </span>
            {e.channel && <span className="text-slate-500">{e.channel}</span>}
            {e.summary && <span className="min-w-0 truncate text-xs text-slate-500">{e.summary}</span>}
          </li>
        ))}
      </ol>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      {cursor && (
        <Button variant="outline" size="sm" onClick={loadMore} pending={pending}>
          {pending ? "Loading…" : "Load more"}
        </Button>
      )}
    </div>
  );
}
