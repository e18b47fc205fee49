"use client";
// Ready-made URL-bound filter controls for a <DataTable> toolbar.
import { useEffect, useRef, useState, type ReactNode } from "react";
import { Search, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input, Select, type SelectOption } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { useUrlFilters } from "./use-url-filters";

export type UrlSearchInputProps = {
  /** URL param name, e.g. "q". */
  param: string;
  /** Accessible label (visually hidden). */
  label: string;
  placeholder?: string;
  debounceMs?: number;
  className?: string;
};

/** Debounced text search bound to one URL param. */
export function UrlSearchInput({
  param,
  label,
  placeholder,
  debounceMs = 300,
  className,
}: UrlSearchInputProps) {
  const filters = useUrlFilters();
  const urlValue = filters.get(param);
  const [value, setValue] = useState(urlValue);
  const [seenUrlValue, setSeenUrlValue] = useState(urlValue);
  const [lastSent, setLastSent] = useState(urlValue);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  // Follow URL changes we did not make (Back, "Clear filters") without clobbering text
  // typed while our own update was still rendering.
  if (urlValue !== seenUrlValue) {
    setSeenUrlValue(urlValue);
    if (urlValue !== lastSent) {
      setValue(urlValue);
      setLastSent(urlValue);
    }
  }
  const onChange = (next: string) => {
    setValue(next);
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setLastSent(next.trim());
      filters.setTyped(param, next.trim());
    }, debounceMs);
  };
  return (
    <div className={cn("relative w-full sm:w-64", className)}>
      <Search
        className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-slate-500"
        aria-hidden="true"
      />
      <Input
        type="search"
        aria-label={label}
        placeholder={placeholder ?? label}
        value={value}
        className="pl-8"
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

export type UrlSelectFilterProps = {
  param: string;
  label: string;
  options: SelectOption[];
  /** Label of the "no filter" option. */
  allLabel?: string;
  className?: string;
};

/** Native select bound to one URL param; the empty option removes the param. */
export function UrlSelectFilter({
  param,
  label,
  options,
  allLabel = "All",
  className,
}: UrlSelectFilterProps) {
  const filters = useUrlFilters();
  return (
    <Select
      aria-label={label}
      value={filters.get(param)}
      onChange={(e) => filters.set({ [param]: e.target.value })}
      placeholder={allLabel}
      options={options}
      // Wide enough for its longest choice ("All organisations" was cut at a fixed 11rem), never narrower than 11rem.
      className={cn("w-full sm:w-auto sm:max-w-72 sm:min-w-44", className)}
    />
  );
}

/** Shows a "Clear filters" button when any of `params` is set. */
export function ClearFiltersButton({
  params,
  children = "Clear filters",
}: {
  params: readonly string[];
  children?: ReactNode;
}) {
  const filters = useUrlFilters();
  if (!params.some((p) => filters.get(p) !== "")) return null;
  return (
    <Button variant="ghost" size="sm" onClick={() => filters.clear(params)}>
      <X aria-hidden="true" />
      {children}
    </Button>
  );
}

/**
 * A filter that has no control of its own (a drill-down from another page, such as "active in November"):
 * shown as a chip that says what it keeps, with a button that removes its params.
 */
export function UrlFilterChip({ params, label }: { params: readonly string[]; label: string }) {
  const filters = useUrlFilters();
  if (!params.some((p) => filters.get(p) !== "")) return null;
  return (
    <span className="inline-flex h-9 items-center gap-1 rounded-md border border-sky-200 bg-sky-50 pr-1 pl-3 text-sm text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100">
      {label}
      <Button
        variant="ghost"
        size="icon"
        className="size-7"
        aria-label={`Remove filter: ${label}`}
        onClick={() => filters.clear(params)}
      >
        <X aria-hidden="true" />
      </Button>
    </span>
  );
}
