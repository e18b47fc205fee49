"use client";
// The account lifecycle in Settings: your password and sessions; for admins, each user's role,
// disable/enable and delete. Every change ends the affected user's sessions on the server.

import { signOut } from "next-auth/react";
import { useState, useTransition } from "react";
import { changePasswordAction, deleteUserAction, signOutEverywhereAction, updateUserAction } from "./actions";

const inputClass = "mt-1 w-full rounded-md border border-slate-300 px-3 py-2 text-sm";
const buttonClass =
  "rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60";
const smallButton = "rounded-md border px-2 py-1 text-xs disabled:opacity-60";

export function ChangePasswordForm() {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      aria-label="Change password"
      className="grid max-w-2xl gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-3"
      onSubmit={(e) => {
        e.preventDefault();
        const data = Object.fromEntries(new FormData(e.currentTarget));
        start(async () => {
          const result = await changePasswordAction(data);
          if (!result.ok) return setError(result.error);
          // The change ended every session, this one too: sign in again with the new password.
          await signOut({ callbackUrl: "/login?changed=1" });
        });
      }}
    >
      <label className="text-sm font-medium">
        Current password
        <input
          name="current"
          type="password"
          required
          autoComplete="current-password"
          className={inputClass}
        />
      </label>
      <label className="text-sm font-medium">
        New password
        <input
          name="next"
          type="password"
          minLength={10}
          required
          autoComplete="new-password"
          className={inputClass}
        />
      </label>
      <label className="text-sm font-medium">
        Repeat new password
        <input
          name="confirm"
          type="password"
          minLength={10}
          required
          autoComplete="new-password"
          className={inputClass}
        />
      </label>
      <div className="flex items-center gap-3 md:col-span-3">
        <button type="submit" disabled={pending} className={buttonClass}>
          Change password
        </button>
        {error && (
          <p role="alert" className="text-sm text-red-700">
            {error}
          </p>
        )}
      </div>
    </form>
  );
}

export function SignOutEverywhereButton() {
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      className={`${smallButton} border-slate-300 text-slate-700 hover:bg-slate-50`}
      onClick={() =>
        start(async () => {
          await signOutEverywhereAction({});
          await signOut({ callbackUrl: "/login" });
        })
      }
    >
      Sign out everywhere
    </button>
  );
}

export function UserRowActions({
  user,
  isSelf,
}: {
  user: { id: number; email: string; role: "admin" | "viewer"; disabled: boolean };
  isSelf: boolean;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<{ ok: boolean; error?: string }>) =>
    start(async () => {
      const result = await action();
      setError(result.ok ? null : (result.error ?? "failed"));
    });
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      <button
        type="button"
        disabled={pending}
        className={`${smallButton} border-slate-300 hover:bg-slate-50`}
        onClick={() =>
          run(() => updateUserAction({ id: user.id, role: user.role === "admin" ? "viewer" : "admin" }))
        }
      >
        {user.role === "admin" ? "Make viewer" : "Make admin"}
      </button>
      {!isSelf && (
        <button
          type="button"
          disabled={pending}
          className={`${smallButton} border-slate-300 hover:bg-slate-50`}
          onClick={() => run(() => updateUserAction({ id: user.id, disabled: !user.disabled }))}
        >
          {user.disabled ? "Enable" : "Disable"}
        </button>
      )}
      {!isSelf && (
        <button
          type="button"
          disabled={pending}
          className={`${smallButton} border-red-300 text-red-700 hover:bg-red-50`}
          onClick={() =>
            window.confirm(`Delete ${user.email}? Their API tokens stop working.`) &&
            run(() => deleteUserAction({ id: user.id }))
          }
        >
          Delete
        </button>
      )}
      {error && (
        <p role="alert" className="w-full text-right text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
