"use client";

import { useState, useTransition } from "react";
import { connectConnectorAction, revokeConnectorAction, syncConnectorNowAction } from "./actions";

type Kind = "slack" | "github" | "discourse";
const inputClass = "mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm";
const buttonClass =
  "rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60";
const quietButtonClass =
  "rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium hover:bg-slate-50 disabled:opacity-60";

function Message({ text, tone }: { text: string | null; tone: "error" | "ok" }) {
  if (!text) return null;
  return (
    <p
      role={tone === "error" ? "alert" : "status"}
      className={`text-sm ${tone === "error" ? "text-red-700" : "text-green-700"}`}
    >
      {text}
    </p>
  );
}

/** Builds the action's input from the form: repositories come one per line. */
function inputOf(kind: Kind, form: HTMLFormElement): Record<string, unknown> {
  const data = Object.fromEntries(new FormData(form)) as Record<string, string>;
  const input: Record<string, unknown> = { ...data, kind };
  if (kind === "github") input.repositories = (data.repositories ?? "").split(/[\s,]+/).filter(Boolean);
  if (!data.backfillMonths) delete input.backfillMonths;
  return input;
}

export function ConnectForm({
  kind,
  connected,
  defaults,
}: {
  kind: Kind;
  connected: boolean;
  defaults: { repositories?: string[]; organization?: string; baseUrl?: string; apiUsername?: string };
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <form
      aria-label={`Connect ${kind}`}
      className="grid gap-3 md:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        start(async () => {
          const result = await connectConnectorAction(inputOf(kind, form));
          setError(result.ok ? null : result.error);
          setDone(result.ok ? "Connected; the first sync has been queued." : null);
          if (result.ok) form.reset();
        });
      }}
    >
      {kind === "slack" && (
        <>
          <label className="text-sm font-medium">
            Bot token
            <input
              name="token"
              type="password"
              required
              autoComplete="off"
              placeholder="xoxb-…"
              className={inputClass}
            />
          </label>
          <label className="text-sm font-medium">
            Signing secret (Events API, optional)
            <input name="signingSecret" type="password" autoComplete="off" className={inputClass} />
          </label>
        </>
      )}
      {kind === "github" && (
        <>
          <label className="text-sm font-medium">
            Token
            <input
              name="token"
              type="password"
              required
              autoComplete="off"
              placeholder="github_pat_… or ghp_…"
              className={inputClass}
            />
          </label>
          <label className="text-sm font-medium">
            Organisation (all its repositories)
            <input name="organization" defaultValue={defaults.organization} className={inputClass} />
          </label>
          <label className="text-sm font-medium md:col-span-2">
            Repositories (owner/name, one per line)
            <textarea
              name="repositories"
              rows={3}
              defaultValue={defaults.repositories?.join("\n")}
              className={inputClass}
            />
          </label>
          <label className="text-sm font-medium">
            Webhook secret (optional)
            <input name="webhookSecret" type="password" autoComplete="off" className={inputClass} />
          </label>
        </>
      )}
      {kind === "discourse" && (
        <>
          <label className="text-sm font-medium">
            Forum address
            <input
              name="baseUrl"
              type="url"
              required
              defaultValue={defaults.baseUrl}
              placeholder="https://forum.example.org"
              className={inputClass}
            />
          </label>
          <label className="text-sm font-medium">
            API username
            <input
              name="apiUsername"
              defaultValue={defaults.apiUsername ?? "system"}
              className={inputClass}
            />
          </label>
          <label className="text-sm font-medium">
            API key (leave empty to read a public forum as a visitor)
            <input name="apiKey" type="password" autoComplete="off" className={inputClass} />
          </label>
        </>
      )}
      <label className="text-sm font-medium">
        First sync reaches back (months)
        <input
          name="backfillMonths"
          type="number"
          min={1}
          max={120}
          placeholder="18"
          className={inputClass}
        />
      </label>
      <div className="flex items-center gap-3 md:col-span-2">
        <button type="submit" disabled={pending} className={buttonClass}>
          {connected ? "Replace token" : "Connect"}
        </button>
        <Message text={error} tone="error" />
        <Message text={done} tone="ok" />
      </div>
    </form>
  );
}

export function ConnectorButtons({ kind, connected }: { kind: Kind; connected: boolean }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = (action: typeof syncConnectorNowAction, message: string) =>
    start(async () => {
      const result = await action({ kind });
      setError(result.ok ? null : result.error);
      setDone(result.ok ? message : null);
    });
  if (!connected) return null;
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        disabled={pending}
        className={buttonClass}
        onClick={() => run(syncConnectorNowAction, "Sync queued; reload to follow it.")}
      >
        Sync now
      </button>
      <button
        type="button"
        disabled={pending}
        className={quietButtonClass}
        onClick={() => {
          if (window.confirm(`Revoke ${kind}? Its token is deleted; what was synced stays.`))
            run(revokeConnectorAction, "Revoked: the token was deleted.");
        }}
      >
        Revoke
      </button>
      <Message text={error} tone="error" />
      <Message text={done} tone="ok" />
    </div>
  );
}
