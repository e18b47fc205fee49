"use client";
// Toolbar of the ranked lists: search, tier, organisation, source, tag, outreach status and a score
// range, all bound to URL params so a filtered view survives reloads and can be shared.
import { useState } from "react";
import { ClearFiltersButton, UrlSearchInput, UrlSelectFilter, useUrlFilters } from "@/components/data-table";
import { Input } from "@/components/ui/input";
import { sourceLabel } from "@/lib/format/labels";
import { OUTREACH_STATUSES, OUTREACH_STATUS_LABELS, RANKED_FILTER_PARAMS } from "@/lib/validation/outreach";
import type { RankedFilterChoices } from "./types";

function ScoreInput({ param, label }: { param: "scoreMin" | "scoreMax"; label: string }) {
  const filters = useUrlFilters();
  const urlValue = filters.get(param);
  const [value, setValue] = useState(urlValue);
  const [seen, setSeen] = useState(urlValue);
  if (urlValue !== seen) {
    setSeen(urlValue);
    setValue(urlValue);
  }
  return (
    <label className="flex items-center gap-1 text-xs text-slate-600 dark:text-slate-400">
      <span className="whitespace-nowrap">{label}</span>
      <Input
        type="number"
        inputMode="decimal"
        min={0}
        max={100}
        step={1}
        value={value}
        aria-label={`${label} score (%)`}
        className="h-9 w-20"
        onChange={(e) => {
          setValue(e.target.value);
          filters.setDebounced(param, e.target.value, 500);
        }}
      />
    </label>
  );
}

export function RankedFilters({
  choices,
  kind,
}: {
  choices: RankedFilterChoices;
  kind: "candidates" | "at-risk";
}) {
  return (
    <>
      {kind === "candidates" && (
        <UrlSelectFilter
          param="segment"
          label="Segment"
          allLabel="All candidates"
          options={[
            { value: "first", label: "First upgrades" },
            { value: "winback", label: "Win-back (paid before)" },
          ]}
        />
      )}
      <UrlSearchInput param="q" label="Search name or email" />
      <UrlSelectFilter
        param="tier"
        label="Tier"
        allLabel="All tiers"
        options={choices.tiers.map((t) => ({ value: String(t.value), label: t.label }))}
      />
      <UrlSelectFilter
        param="org"
        label="Organisation"
        allLabel="All organisations"
        options={choices.orgs.map((o) => ({ value: String(o.value), label: o.label }))}
      />
      <UrlSelectFilter
        param="source"
        label="Source"
        allLabel="All sources"
        options={choices.sources.map((s) => ({ value: s, label: sourceLabel(s) }))}
      />
      {choices.tags.length > 0 && (
        <UrlSelectFilter
          param="tag"
          label="Tag"
          allLabel="All tags"
          options={choices.tags.map((t) => ({ value: t, label: t }))}
        />
      )}
      <UrlSelectFilter
        param="status"
        label="Outreach status"
        allLabel="Any outreach"
        options={[
          { value: "none", label: "Never contacted" },
          ...OUTREACH_STATUSES.map((s) => ({ value: s, label: OUTREACH_STATUS_LABELS[s] })),
        ]}
      />
      <div className="flex items-center gap-2" role="group" aria-label="Score range (%)">
        <ScoreInput param="scoreMin" label="Min" />
        <ScoreInput param="scoreMax" label="Max" />
      </div>
      <UrlSelectFilter
        param="outreach"
        label="Open outreach"
        allLabel="Hide open outreach"
        options={[{ value: "show", label: "Show open outreach" }]}
      />
      <ClearFiltersButton params={RANKED_FILTER_PARAMS} />
    </>
  );
}
