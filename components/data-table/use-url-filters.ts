"use client";
// Reads and writes list filters in the URL so the server page re-renders with them and the
// view stays shareable. Any filter change drops `page` (back to page 1). Text inputs should
// use `setDebounced` so each keystroke does not trigger a server render.
import { useCallback, useEffect, useMemo, useRef, useTransition } from "react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { mergeSearchParams } from "./search-params";

export type FilterUpdates = Record<string, string | number | null | undefined>;

export type UrlFilters = {
  /** Current value of a param, or "" when absent. */
  get: (key: string) => string;
  /** Current params (read-only snapshot). */
  params: URLSearchParams;
  /** Applies updates at once; null or "" removes a param. Resets the page. */
  set: (updates: FilterUpdates) => void;
  /** Like `set` for one key, after `delayMs` without further calls for that key. */
  setDebounced: (key: string, value: string, delayMs?: number) => void;
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
    (updates: FilterUpdates) => {
      // Read the live URL: a debounced call may fire after other params changed.
      const current = typeof window === "undefined" ? searchParams.toString() : window.location.search;
      const next = mergeSearchParams(current, { ...updates, page: null });
      const qs = next.toString();
      startTransition(() => router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false }));
    },
    [pathname, router, searchParams],
  );

  const setDebounced = useCallback(
    (key: string, value: string, delayMs = 300) => {
      const pending = timers.current.get(key);
      if (pending) clearTimeout(pending);
      timers.current.set(
        key,
        setTimeout(() => {
          timers.current.delete(key);
          set({ [key]: value.trim() });
        }, delayMs),
      );
    },
    [set],
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
      setDebounced,
      clear,
      isPending,
    }),
    [searchParams, set, setDebounced, clear, isPending],
  );
}
