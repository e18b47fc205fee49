"use client";
// Suggested pairs with their reasons and a Merge button each; recent merges with Undo.
import { useState, useTransition } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { formatDateTime } from "@/lib/format/numbers";
import type { MergeSuggestion, RecentMerge } from "@/lib/data/member-merges";
import { mergeMembersAction, unmergeMembersAction } from "./actions";

const REASON_LABELS: Record<string, string> = {
  same_email: "same email",
  name_matches_handle: "name is a login",
  profile_names_handle: "profile names a handle",
  same_name: "same name",
  same_name_same_company: "same name, same company",
  same_name_same_domain: "same name, same email domain",
  similar_handle: "similar handles",
};

function useActionRunner() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  /** `done`: run once the action succeeded, before the page refreshes (moving the focus off a row that goes). */
  const run = (action: () => Promise<{ ok: boolean; error?: string }>, done?: () => void) =>
    startTransition(async () => {
      const result = await action();
      if (!result.ok) setError(result.error ?? "Failed");
      else {
        setError(null);
        done?.();
        router.refresh();
      }
    });
  return { pending, error, run };
}

/**
 * After a merge, the focus goes to the Merge button of the next suggestion (else the previous one) that does not
 * involve the merged member (those suggestions go too), else to the Suggestions heading: not to the page's top.
 */
function focusAfterMerge(button: HTMLElement, mergedId: number) {
  const row = button.closest("li");
  const siblings = (step: "nextElementSibling" | "previousElementSibling") => {
    const found: Element[] = [];
    for (let el = row?.[step]; el; el = el[step]) found.push(el);
    return found;
  };
  const stays = (el: Element) => !(el as HTMLElement).dataset.members?.split(" ").includes(String(mergedId));
  const neighbour = [...siblings("nextElementSibling"), ...siblings("previousElementSibling")].find(stays);
  const target =
    neighbour?.querySelector<HTMLElement>('[data-action="merge"]') ??
    document.getElementById("suggestions-heading");
  target?.focus();
}

function MemberLink({ id, name, sources }: { id: number; name: string; sources: string[] }) {
  return (
    <span>
      <Link
        href={`/members/${id}`}
        className="font-medium text-indigo-700 hover:underline dark:text-indigo-300"
      >
        {name}
      </Link>{" "}
      <span className="text-xs text-slate-500">({sources.join(", ") || "no identities"})</span>
    </span>
  );
}

export function MergeSuggestionList({
  suggestions,
  canEdit,
}: {
  suggestions: MergeSuggestion[];
  canEdit: boolean;
}) {
  const { pending, error, run } = useActionRunner();
  if (!suggestions.length)
    return (
      <EmptyState title="No suggestions" description="No two members look like the same person right now." />
    );
  return (
    <div className="space-y-2">
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-950">
        {suggestions.map((s) => (
          <li
            key={`${s.survivorId}-${s.mergedId}`}
            className="flex flex-wrap items-center justify-between gap-3 p-3 text-sm"
            data-testid="merge-suggestion"
            data-members={`${s.survivorId} ${s.mergedId}`}
          >
            <div className="space-y-1">
              <div>
                <MemberLink id={s.survivorId} name={s.survivorName} sources={s.survivorSources} /> ←{" "}
                <MemberLink id={s.mergedId} name={s.mergedName} sources={s.mergedSources} />
              </div>
              <div className="flex flex-wrap gap-1">
                {s.reasons.map((r) => (
                  <Badge
                    key={r.reason}
                    tone={r.reason === "same_email" ? "success" : "info"}
                    title={r.detail}
                  >
                    {REASON_LABELS[r.reason] ?? r.reason}
                  </Badge>
                ))}
              </div>
            </div>
            {canEdit && (
              <Button
                size="sm"
                pending={pending}
                aria-label={`Merge ${s.mergedName} into ${s.survivorName}`}
                data-action="merge"
                onClick={(event) => {
                  const button = event.currentTarget;
                  run(
                    () =>
                      mergeMembersAction({
                        survivorId: s.survivorId,
                        mergedId: s.mergedId,
                        reason: s.reasons.map((r) => r.detail).join("; "),
                      }),
                    () => focusAfterMerge(button, s.mergedId),
                  );
                }}
              >
                Merge
              </Button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function RecentMergeList({
  merges,
  canEdit,
  timeZone,
}: {
  merges: RecentMerge[];
  canEdit: boolean;
  timeZone: string;
}) {
  const { pending, error, run } = useActionRunner();
  if (!merges.length) return <EmptyState title="No merges yet" />;
  return (
    <div className="space-y-2">
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-950">
        {merges.map((m) => (
          <li key={m.id} className="flex flex-wrap items-center justify-between gap-3 p-3 text-sm">
            <div>
              <span className="font-medium">{m.mergedName}</span> into{" "}
              <Link href={`/members/${m.survivorId}`} className="text-indigo-700 hover:underline">
                {m.survivorName ?? `#${m.survivorId}`}
              </Link>
              <span className="text-xs text-slate-500">
                {" "}
                · {m.moved} rows moved · {formatDateTime(m.createdAt, timeZone)}
                {m.actor ? ` by ${m.actor}` : ""} · {m.reason}
              </span>
            </div>
            {m.undoneAt ? (
              <Badge>undone {formatDateTime(m.undoneAt, timeZone)}</Badge>
            ) : (
              canEdit && (
                <Button
                  size="sm"
                  variant="outline"
                  pending={pending}
                  aria-label={`Undo merge of ${m.mergedName}`}
                  onClick={() => run(() => unmergeMembersAction({ mergeId: m.id }))}
                >
                  Undo
                </Button>
              )
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
