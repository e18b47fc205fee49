// The Overview of an install with no data yet: what to do first, instead of a page of zeros and empty charts.
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { buttonClasses } from "@/components/ui/button-classes";

export function GettingStarted({ isAdmin }: { isAdmin: boolean }) {
  return (
    <Card data-testid="getting-started">
      <CardHeader>
        <CardTitle>No community data yet</CardTitle>
        <CardDescription>
          The figures, trends and rankings appear here after the first import: members, activity and billing
          from Slack, GitHub, git, Stripe, Open Collective or canonical files.
        </CardDescription>
      </CardHeader>
      <CardContent className="space-y-3 text-sm">
        <ol className="list-decimal space-y-1 pl-5 text-slate-700 dark:text-slate-300">
          <li>Import an export file, or connect a service to keep the data up to date.</li>
          <li>
            Groundswell recomputes after each import: the Overview, Members and the ranked lists fill in.
          </li>
          <li>Name your plans in Settings, and set targets here.</li>
        </ol>
        {isAdmin ? (
          <div className="flex flex-wrap gap-2">
            <Link href="/imports" className={buttonClasses({ size: "sm" })}>
              Import files
            </Link>
            <Link href="/settings/connectors" className={buttonClasses({ variant: "outline", size: "sm" })}>
              Connect a service
            </Link>
          </div>
        ) : (
          <p className="text-slate-600 dark:text-slate-400">An admin can import data or connect a service.</p>
        )}
      </CardContent>
    </Card>
  );
}
