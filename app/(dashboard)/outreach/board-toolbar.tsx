"use client";
// Filters and CSV export above the board (status is the board's columns, so it is not a filter here).
import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";
import type { Assignee } from "./edit-outreach-dialog";
import { OutreachFilters } from "./outreach-filters";

export function BoardToolbar({ assignees, exportHref }: { assignees: Assignee[]; exportHref: string }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <OutreachFilters assignees={assignees} showStatus={false} />
      <Button asChild variant="outline" size="sm" className="ml-auto">
        <a href={exportHref} download>
          <Download aria-hidden="true" />
          Export CSV
        </a>
      </Button>
    </div>
  );
}
