"use client";

import { useState, useTransition } from "react";
import { createTokenAction, createUserAction, revokeTokenAction } from "./actions";

const inputClass = "mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm";
const buttonClass =
  "rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60";

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

export function CreateUserForm() {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  return (
    <form
      aria-label="Add user"
      className="grid max-w-2xl gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        const form = e.currentTarget;
        const data = Object.fromEntries(new FormData(form));
        start(async () => {
          const result = await createUserAction(data);
          setError(result.ok ? null : result.error);
          setDone(result.ok ? `Added ${result.data.email} (${result.data.role})` : null);
          if (result.ok) form.reset();
        });
      }}
    >
      <label className="text-sm font-medium">
        Email
        <input name="email" type="email" required className={inputClass} />
      </label>
      <label className="text-sm font-medium">
        Name
        <input name="name" className={inputClass} />
      </label>
      <label className="text-sm font-medium">
        Role
        <select name="role" className={inputClass} defaultValue="viewer">
          <option value="viewer">viewer (read only)</option>
          <option value="admin">admin</option>
        </select>
      </label>
      <label className="text-sm font-medium">
        Password
        <input
          name="password"
          type="password"
          minLength={10}
          required
          autoComplete="new-password"
          className={inputClass}
        />
      </label>
      <div className="flex items-center gap-3 md:col-span-2">
        <button type="submit" disabled={pending} className={buttonClass}>
          Add user
        </button>
        <Message text={error} tone="error" />
        <Message text={done} tone="ok" />
      </div>
    </form>
  );
}

export function CreateTokenForm() {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [value, setValue] = useState<string | null>(null);
  return (
    <form
      aria-label="Create API token"
      className="max-w-2xl space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        start(async () => {
          const result = await createTokenAction({ name: form.get("name"), scopes: form.getAll("scopes") });
          setError(result.ok ? null : result.error);
          setValue(result.ok ? result.data.value : null);
        });
      }}
    >
      <label className="block text-sm font-medium">
        Token name
        <input name="name" required className={inputClass} placeholder="e.g. forum sync" />
      </label>
      <fieldset className="flex gap-4 text-sm">
        <legend className="mb-1 font-medium">Scopes</legend>
        <label className="flex items-center gap-1">
          <input type="checkbox" name="scopes" value="events:write" defaultChecked /> events:write
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" name="scopes" value="imports:write" /> imports:write (community files; never
          billing)
        </label>
        <label className="flex items-center gap-1">
          <input type="checkbox" name="scopes" value="read" /> read
        </label>
      </fieldset>
      <button type="submit" disabled={pending} className={buttonClass}>
        Create token
      </button>
      <Message text={error} tone="error" />
      {value && (
        <p className="rounded-md bg-amber-50 p-3 text-sm">
          Copy this token now; it will not be shown again:{" "}
          <code data-testid="new-token" className="font-mono break-all">
            {value}
          </code>
        </p>
      )}
    </form>
  );
}

export function RevokeTokenButton({ id }: { id: number }) {
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => start(async () => void (await revokeTokenAction({ id })))}
      className="rounded-md border border-red-300 px-2 py-1 text-xs text-red-700 hover:bg-red-50"
    >
      Revoke
    </button>
  );
}
