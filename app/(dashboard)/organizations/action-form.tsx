"use client";
// A small form bound to one server action: submits its fields as an object, shows the
// action's message, and resets on success. Shared by the Organisations forms.
import { useState, useTransition, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/auth/action";
import { cn } from "@/components/ui/cn";

export const fieldClass =
  "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";
export const submitClass =
  "rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60";

export function ActionForm<T>({
  label,
  action,
  children,
  submit,
  extra,
  success,
  className,
  confirm,
}: {
  label: string;
  action: (input: unknown) => Promise<ActionResult<T>>;
  children: ReactNode;
  submit: string;
  extra?: Record<string, unknown>;
  success?: string;
  className?: string;
  confirm?: string;
}) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ text: string; ok: boolean } | null>(null);
  const router = useRouter();
  return (
    <form
      aria-label={label}
      className={cn("flex flex-wrap items-end gap-3", className)}
      onSubmit={(e) => {
        e.preventDefault();
        if (confirm && !window.confirm(confirm)) return;
        const form = e.currentTarget;
        const data: Record<string, unknown> = { ...Object.fromEntries(new FormData(form)), ...extra };
        for (const box of form.querySelectorAll<HTMLInputElement>("input[type=checkbox]"))
          data[box.name] = box.checked;
        start(async () => {
          const result = await action(data);
          setMessage(result.ok ? { text: success ?? "Saved", ok: true } : { text: result.error, ok: false });
          if (result.ok) router.refresh();
        });
      }}
    >
      {children}
      <button type="submit" disabled={pending} className={submitClass}>
        {submit}
      </button>
      {message && (
        <p
          role={message.ok ? "status" : "alert"}
          className={cn("text-sm", message.ok ? "text-green-700" : "text-red-700")}
        >
          {message.text}
        </p>
      )}
    </form>
  );
}
