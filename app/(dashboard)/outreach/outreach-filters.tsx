"use client";
// Tracker filters (status, assignee, list, kind, search), all in the URL and shared by both views.
import { ClearFiltersButton, UrlSearchInput, UrlSelectFilter } from "@/components/data-table";
import {
  OUTREACH_FILTER_PARAMS,
  OUTREACH_KINDS,
  OUTREACH_LISTS,
  OUTREACH_STATUSES,
  OUTREACH_STATUS_LABELS,
} from "@/lib/validation/outreach";
import type { Assignee } from "./edit-outreach-dialog";

export function OutreachFilters({ assignees, showStatus }: { assignees: Assignee[]; showStatus: boolean }) {
  return (
    <>
      <UrlSearchInput param="q" label="Search member" />
      {showStatus && (
        <UrlSelectFilter
          param="status"
          label="Status"
          allLabel="All statuses"
          options={OUTREACH_STATUSES.map((s) => ({ value: s, label: OUTREACH_STATUS_LABELS[s] }))}
        />
      )}
      <UrlSelectFilter
        param="assignee"
        label="Assignee"
        allLabel="Anyone"
        options={[
          { value: "none", label: "Unassigned" },
          ...assignees.map((a) => ({ value: String(a.id), label: a.label })),
        ]}
      />
      <UrlSelectFilter
        param="list"
        label="List"
        allLabel="All lists"
        options={OUTREACH_LISTS.map((l) => ({ value: l, label: l }))}
      />
      <UrlSelectFilter
        param="kind"
        label="Kind"
        allLabel="All kinds"
        options={OUTREACH_KINDS.map((k) => ({ value: k, label: k }))}
      />
      <ClearFiltersButton params={OUTREACH_FILTER_PARAMS} />
    </>
  );
}
