"use client";
// The admin-editable bot list: accounts named here are kept but never ranked, counted or linked.
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { saveBotListAction } from "./actions";

export function BotListForm({ entries, canEdit }: { entries: string[]; canEdit: boolean }) {
  const router = useRouter();
  const [text, setText] = useState(entries.join("\n"));
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const save = () =>
    startTransition(async () => {
      const result = await saveBotListAction({ entries: text });
      if (!result.ok) setMessage(result.error ?? "Failed");
      else {
        setMessage(
          `Saved ${result.data.entries} entries; ${result.data.identitiesFlagged} stored accounts are now bots.`,
        );
        router.refresh();
      }
    });
  return (
    <div className="space-y-2">
      <label htmlFor="bot-list" className="block text-sm text-slate-600">
        Logins, names or emails of bot accounts, one per line. Slack bots and app users, GitHub{" "}
        <code>[bot]</code> logins and
        <code> type: Bot</code> actors, and git authors named <code>…[bot]</code> are recognised without being
        listed.
      </label>
      <textarea
        id="bot-list"
        className="h-28 w-full max-w-xl rounded border border-slate-300 p-2 font-mono text-sm dark:border-slate-700 dark:bg-slate-950"
        value={text}
        onChange={(e) => setText(e.target.value)}
        readOnly={!canEdit}
      />
      {canEdit && (
        <Button type="button" onClick={save} pending={pending}>
          {pending ? "Saving…" : "Save bot list"}
        </Button>
      )}
      {message && (
        <p role="status" className="text-sm text-slate-700">
          {message}
        </p>
      )}
    </div>
  );
}
