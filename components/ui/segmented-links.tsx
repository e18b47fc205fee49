// Tabs-like segmented control made of plain links, so the chosen view lives in the URL
// and can be bookmarked. The server decides which item is current.
import Link from "next/link";
import type { ReactNode } from "react";
import { cn } from "./cn";

export type SegmentedLinkItem = {
  href: string;
  label: ReactNode;
  /** Whether this item is the current view. */
  active?: boolean;
  /** Optional count shown after the label. */
  count?: number;
};

export type SegmentedLinksProps = {
  items: SegmentedLinkItem[];
  /** Accessible name of the navigation, e.g. "Cohort view". */
  label: string;
  className?: string;
};

export function SegmentedLinks({ items, label, className }: SegmentedLinksProps) {
  return (
    <nav aria-label={label} className={cn("max-w-full overflow-x-auto", className)}>
      <ul className="inline-flex flex-wrap gap-1 rounded-lg bg-slate-100 p-1 dark:bg-slate-900">
        {items.map((item) => (
          <li key={item.href}>
            <Link
              href={item.href}
              scroll={false}
              aria-current={item.active ? "page" : undefined}
              className={cn(
                "inline-flex items-center gap-1.5 rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap transition-colors",
                "focus-visible:ring-2 focus-visible:ring-slate-400 focus-visible:outline-none",
                item.active
                  ? "bg-white text-slate-900 shadow-xs dark:bg-slate-800 dark:text-slate-100"
                  : "text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-100",
              )}
            >
              {item.label}
              {item.count !== undefined && (
                <span className="rounded-full bg-slate-200 px-1.5 text-xs text-slate-700 tabular-nums dark:bg-slate-700 dark:text-slate-200">
                  {item.count}
                </span>
              )}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
