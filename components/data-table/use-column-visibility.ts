"use client";
// Column visibility remembered per table in localStorage. The first render uses the
// defaults (as the server did) and the stored choice is applied after mount, so
// hydration never mismatches.
import { useCallback, useEffect, useState } from "react";
import { functionalUpdate, type ColumnVisibilityState, type Updater } from "@tanstack/react-table";

const storageKey = (tableId: string) => `groundswell:table:${tableId}:columns`;

function readStored(tableId: string): ColumnVisibilityState | null {
  try {
    const raw = window.localStorage.getItem(storageKey(tableId));
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
    return Object.fromEntries(
      Object.entries(parsed).filter(([, v]) => typeof v === "boolean"),
    ) as ColumnVisibilityState;
  } catch {
    return null; // storage disabled or corrupt: fall back to defaults
  }
}

export function usePersistedColumnVisibility(tableId: string, defaults: ColumnVisibilityState = {}) {
  const [visibility, setVisibility] = useState<ColumnVisibilityState>(defaults);

  useEffect(() => {
    const stored = readStored(tableId);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage is only readable after mount
    if (stored) setVisibility((current) => ({ ...current, ...stored }));
  }, [tableId]);

  const onVisibilityChange = useCallback(
    (updater: Updater<ColumnVisibilityState>) => {
      setVisibility((current) => {
        const next = functionalUpdate(updater, current);
        try {
          window.localStorage.setItem(storageKey(tableId), JSON.stringify(next));
        } catch {
          // quota or privacy mode: keep the in-memory choice only
        }
        return next;
      });
    },
    [tableId],
  );

  return [visibility, onVisibilityChange] as const;
}
