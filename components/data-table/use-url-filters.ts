"use client";
// Reads and writes list filters in the URL so the server page re-renders with them and the
// view stays shareable. Any filter change drops `page` (back to page 1). Each change is a history
// entry, so Back undoes it as it undoes a sort or a page; a typed search makes one entry per burst of
// typing (its later commits replace it), not one per pause.
import { useCallback, useEffect, useMemo, useRef, useTransition } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { mergeSearchParams } from "./search-params";

export type FilterUpdates = Record<string, string | number | null | undefined>;

/** Commits of one key closer together than this are one search being typed: one history entry. */
export const TYPING_BURST_MS = 2000;

export type UrlFilters = {
  /** Current value of a param, or "" when absent. */
  get: (key: string) => string;
  /** Current params (read-only snapshot). */
  params: URLSearchParams;
  /** Applies updates at once; null or "" removes a param. Resets the page. "replace": no new history entry. */
  set: (updates: FilterUpdates, history?: "push" | "replace") => void;
  /** Like `set` for one key, after `delayMs` without further calls for that key. */
  setDebounced: (key: string, value: string, delayMs?: number) => void;
  /** A typed value for one key, at once: one history entry per burst of typing (`TYPING_BURST_MS`). */
  setTyped: (key: string, value: string) => void;
  /** Removes the given params (and the page). */
  clear: (keys: readonly string[]) => void;
  /** True while the server render for the last change is in flight. */
  isPending: boolean;
};

export function useUrlFilters(): UrlFilters {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [isPending, startTransition] = useTransition();
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());

  const set = useCallback(
    (updates: FilterUpdates, history: "push" | "replace" = "push") => {
      // Read the live URL: a debounced call may fire after other params changed.
      const current = typeof window === "undefined" ? searchParams.toString() : window.location.search;
      const next = mergeSearchParams(current, { ...updates, page: null });
      const qs = next.toString();
      if (qs === current.replace(/^\?/, "")) return;
      const href = qs ? `${pathname}?${qs}` : pathname;
      startTransition(() =>
        history === "push" ? router.push(href, { scroll: false }) : router.replace(href, { scroll: false }),
      );
    },
    [pathname, router, searchParams],
  );
  const lastTyped = useRef(new Map<string, number>());
  /** A typed value: a new history entry, unless it continues the same burst of typing. */
  const setTyped = useCallback(
    (key: string, value: string) => {
      const now = Date.now();
      const burst = now - (lastTyped.current.get(key) ?? 0) < TYPING_BURST_MS;
      lastTyped.current.set(key, now);
      set({ [key]: value }, burst ? "replace" : "push");
    },
    [set],
  );

  const setDebounced = useCallback(
    (key: string, value: string, delayMs = 300) => {
      const pending = timers.current.get(key);
      if (pending) clearTimeout(pending);
      timers.current.set(
        key,
        setTimeout(() => {
          timers.current.delete(key);
          setTyped(key, value.trim());
        }, delayMs),
      );
    },
    [setTyped],
  );

  const clear = useCallback(
    (keys: readonly string[]) => set(Object.fromEntries(keys.map((k) => [k, null]))),
    [set],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((t) => clearTimeout(t));
  }, []);

  return useMemo(
    () => ({
      get: (key: string) => searchParams.get(key) ?? "",
      params: new URLSearchParams(searchParams.toString()),
      set,
      setTyped,
      setDebounced,
      clear,
      isPending,
    }),
    [searchParams, set, setTyped, setDebounced, clear, isPending],
  );
}
