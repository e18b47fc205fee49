"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export const NAV_ITEMS = [
  { href: "/", label: "Overview" },
  { href: "/candidates", label: "Candidates" },
  { href: "/at-risk", label: "At risk" },
  { href: "/members", label: "Members" },
  { href: "/cohorts", label: "Cohorts" },
  { href: "/outreach", label: "Outreach" },
  { href: "/campaigns", label: "Campaigns" },
  { href: "/alerts", label: "Alerts" },
  { href: "/organizations", label: "Organisations" },
  { href: "/reports", label: "Monthly report" },
  { href: "/imports", label: "Imports" },
  { href: "/model", label: "Model" },
  { href: "/settings", label: "Settings" },
] as const;

export function Nav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex gap-1 overflow-x-auto px-2 pb-2 md:flex-col md:overflow-visible">
      {NAV_ITEMS.map((item) => {
        const active =
          item.href === "/"
            ? pathname === "/"
            : pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-2 text-sm whitespace-nowrap ${active ? "bg-indigo-50 font-medium text-indigo-700" : "text-slate-600 hover:bg-slate-100"}`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
