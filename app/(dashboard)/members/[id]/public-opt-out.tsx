"use client";
// The member's choice to be left out of the public report, switchable here by an admin.

import { useState, useTransition } from "react";
import { setPublicOptOutAction } from "./actions";

export function PublicOptOutSwitch({ memberId, optedOut }: { memberId: number; optedOut: boolean }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <label className="inline-flex items-center gap-2 text-sm">
      <input
        type="checkbox"
        checked={optedOut}
        disabled={pending}
        onChange={(e) => {
          const next = e.currentTarget.checked;
          start(async () => {
            const result = await setPublicOptOutAction({ memberId, publicOptOut: next });
            setError(result.ok ? null : result.error);
          });
        }}
      />
      Leave out of the public report
      {error && (
        <span role="alert" className="text-red-700">
          {error}
        </span>
      )}
    </label>
  );
}
