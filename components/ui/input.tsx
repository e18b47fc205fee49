// Text input and native <select>, styled alike. Native select keeps the platform's
// keyboard and screen-reader behaviour for free.
import type { ComponentProps } from "react";
import { cn } from "./cn";

const fieldClasses =
  "h-9 w-full rounded-md border border-slate-300 bg-white px-3 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 " +
  "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-slate-400 disabled:cursor-not-allowed disabled:opacity-50 " +
  "aria-invalid:border-red-500 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100 dark:placeholder:text-slate-500";

export type InputProps = ComponentProps<"input">;

export function Input({ className, type = "text", ...props }: InputProps) {
  return <input type={type} className={cn(fieldClasses, className)} {...props} />;
}

export type SelectOption = { value: string; label: string; disabled?: boolean };

export type SelectProps = ComponentProps<"select"> & {
  /** Shorthand for simple option lists; children are rendered after these. */
  options?: SelectOption[];
  /** Adds a first option with an empty value (e.g. "All statuses"). */
  placeholder?: string;
};

export function Select({ className, options, placeholder, children, ...props }: SelectProps) {
  return (
    <select className={cn(fieldClasses, "appearance-auto pr-2", className)} {...props}>
      {placeholder !== undefined && <option value="">{placeholder}</option>}
      {options?.map((o) => (
        <option key={o.value} value={o.value} disabled={o.disabled}>
          {o.label}
        </option>
      ))}
      {children}
    </select>
  );
}
