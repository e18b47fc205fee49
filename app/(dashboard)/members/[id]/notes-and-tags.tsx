"use client";
// Admin-only writes on the member page: add a note, edit tags. Notes are shown as plain text.
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { formatDateTime } from "@/lib/format/numbers";
import { addMemberNoteSchema, setMemberTagsSchema } from "@/lib/validation/members";
import { addMemberNoteAction, setMemberTagsAction } from "./actions";

type Note = { id: number; body: string; createdAt: string; author: string };

export function NotesPanel({
  memberId,
  notes,
  canWrite,
  timeZone,
}: {
  memberId: number;
  notes: Note[];
  canWrite: boolean;
  timeZone: string;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Notes</CardTitle>
      </CardHeader>
      <CardContent className="space-y-3">
        {notes.length === 0 ? (
          <p className="text-sm text-slate-500">No notes yet.</p>
        ) : (
          <ul className="space-y-2" aria-label="Notes">
            {notes.map((n) => (
              <li key={n.id} className="rounded-md bg-slate-50 p-2 text-sm dark:bg-slate-900">
                <p className="break-words whitespace-pre-wrap">{n.body}</p>
                <p className="mt-1 text-xs text-slate-500">
                  {n.author} · {formatDateTime(n.createdAt, timeZone)}
                </p>
              </li>
            ))}
          </ul>
        )}
        {canWrite && (
          <form
            aria-label="Add note"
            className="space-y-2"
            onSubmit={(e) => {
              e.preventDefault();
              const form = e.currentTarget;
              const parsed = addMemberNoteSchema.safeParse({
                memberId,
                body: new FormData(form).get("body"),
              });
              if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Invalid note");
              start(async () => {
                const result = await addMemberNoteAction(parsed.data);
                setError(result.ok ? null : result.error);
                if (result.ok) form.reset();
              });
            }}
          >
            <label className="block text-sm font-medium">
              New note
              <textarea
                name="body"
                required
                maxLength={5000}
                rows={3}
                className="mt-1 w-full rounded-md border border-slate-300 p-2 text-sm dark:border-slate-700 dark:bg-slate-950"
              />
            </label>
            <div className="flex items-center gap-3">
              <Button type="submit" size="sm" pending={pending}>
                Add note
              </Button>
              {error && (
                <p role="alert" className="text-sm text-red-700">
                  {error}
                </p>
              )}
            </div>
          </form>
        )}
      </CardContent>
    </Card>
  );
}

export function TagEditor({ memberId, tags }: { memberId: number; tags: string[] }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  return (
    <form
      aria-label="Edit tags"
      className="flex flex-wrap items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        const text = String(new FormData(e.currentTarget).get("tags") ?? "");
        const parsed = setMemberTagsSchema.safeParse({
          memberId,
          tags: text
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean),
        });
        if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? "Invalid tags");
        start(async () => {
          const result = await setMemberTagsAction(parsed.data);
          setError(result.ok ? null : result.error);
          setSaved(result.ok);
        });
      }}
    >
      <label className="text-sm font-medium" htmlFor="member-tags">
        Tags
      </label>
      <Input
        id="member-tags"
        name="tags"
        defaultValue={tags.join(", ")}
        placeholder="comma, separated"
        className="w-72"
      />
      <Button type="submit" size="sm" variant="outline" pending={pending}>
        Save tags
      </Button>
      {saved && !error && (
        <span role="status" className="text-xs text-emerald-700">
          Saved
        </span>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
