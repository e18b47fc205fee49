"use client";

import { useState, useTransition } from "react";
import { setTimeZoneAction } from "./actions";

export function TimeZoneForm({ current }: { current: string }) {
  const zones = Intl.supportedValuesOf("timeZone");
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <form
      aria-label="Time zone"
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        const timeZone = String(new FormData(e.currentTarget).get("timeZone"));
        start(async () => {
          const result = await setTimeZoneAction({ timeZone });
          setMessage(result.ok ? `Dates now show in ${result.data.timeZone}.` : result.error);
        });
      }}
    >
      <label className="text-sm font-medium">
        Your time zone
        <select
          name="timeZone"
          defaultValue={current}
          className="mt-1 block w-72 rounded-md border border-slate-300 px-3 py-2 text-sm"
        >
          {!zones.includes(current) && <option value={current}>{current}</option>}
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60"
      >
        Save
      </button>
      {message && (
        <p role="status" className="text-sm text-slate-600">
          {message}
        </p>
      )}
    </form>
  );
}
