// New campaign: choose the list, filters, goal, horizon and holdout (all in the URL), see who
// would be included and the power calculation, then launch (admins only).
import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { campaignFilterOptions } from "@/lib/data/campaigns";
import { previewCampaign } from "@/lib/data/campaign-selection";
import { campaignDesignSchema, CAMPAIGN_GOAL_LABELS, CAMPAIGN_LIST_LABELS } from "@/lib/validation/campaigns";
import { formatCount, formatPercent } from "@/lib/format/numbers";
import {
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  Input,
  PageHeader,
  Select,
  Stat,
} from "@/components/ui";
import { LaunchCampaignForm } from "./launch-form";
import { ListGoalFields } from "./list-goal-fields";

export const metadata: Metadata = { title: "New campaign" };
export const dynamic = "force-dynamic";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function NewCampaignPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireUser();
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, first(v)]));
  const parsed = campaignDesignSchema.safeParse(raw);
  const design = parsed.success ? parsed.data : campaignDesignSchema.parse({});
  const [preview, options] = await Promise.all([previewCampaign(design), campaignFilterOptions()]);
  const d = preview.design;
  const label = "block text-sm font-medium";
  return (
    <div className="space-y-6">
      <PageHeader
        title="New campaign"
        description="Members are split at random within score deciles; the holdout is not contacted."
      />
      {!parsed.success && (
        <p role="alert" className="text-sm text-red-700">
          Some settings were invalid and were reset:{" "}
          {parsed.error.issues.map((i) => i.path.join(".")).join(", ")}
        </p>
      )}
      <form
        method="get"
        aria-label="Campaign selection"
        className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-4"
      >
        <ListGoalFields
          key={`${d.sourceList}-${d.goal}`}
          list={d.sourceList}
          goal={d.goal}
          labelClass={label}
        />
        <label className={label}>
          Top N members
          <Input name="size" type="number" min={2} max={20000} defaultValue={d.size} />
        </label>
        <label className={label}>
          Horizon (weeks)
          <Input name="horizonWeeks" type="number" min={1} max={52} defaultValue={d.horizonWeeks} />
        </label>
        <label className={label}>
          Holdout (%)
          <Input
            name="holdoutPercent"
            type="number"
            min={5}
            max={50}
            step={1}
            defaultValue={d.holdoutPercent}
          />
        </label>
        <label className={label}>
          Tier
          <Select
            name="tier"
            defaultValue={d.tier ?? ""}
            placeholder="Any tier"
            options={[0, 1, 2].map((t) => ({ value: String(t), label: t === 0 ? "Free" : `Tier ${t}` }))}
          />
        </label>
        <label className={label}>
          Organisation
          <Select
            name="orgId"
            defaultValue={d.orgId ?? ""}
            placeholder="Any organisation"
            options={options.organizations.map((o) => ({ value: String(o.id), label: o.name }))}
          />
        </label>
        <label className={label}>
          Tag
          <Select
            name="tag"
            defaultValue={d.tag ?? ""}
            placeholder="Any tag"
            options={options.tags.map((t) => ({ value: t, label: t }))}
          />
        </label>
        <div className="md:col-span-4">
          <Button type="submit" variant="outline">
            Update preview
          </Button>
        </div>
      </form>

      {d.goalFollowedList && (
        <p
          role="status"
          data-testid="goal-followed-list"
          className="rounded-md bg-sky-50 px-3 py-2 text-sm text-sky-900"
        >
          The goal now follows the list: {CAMPAIGN_LIST_LABELS[d.sourceList]} campaigns aim at{" "}
          {CAMPAIGN_GOAL_LABELS[d.goal].toLowerCase()}.
        </p>
      )}
      <section aria-labelledby="preview-heading" className="space-y-4" data-testid="campaign-preview">
        <h2 id="preview-heading" className="text-lg font-semibold">
          Preview
        </h2>
        <p className="text-sm text-slate-600">
          {preview.snapshotAsOf
            ? `Latest ${CAMPAIGN_LIST_LABELS[d.sourceList].toLowerCase()} ranking of ${preview.snapshotAsOf}: `
            : ""}
          {formatCount(preview.listed)} eligible members at the top of the list (staff, bots and
          do-not-contact are never included)
          {preview.skippedActive > 0
            ? `; ${formatCount(preview.skippedActive)} skipped because they are already in an active campaign`
            : ""}
          .
        </p>
        <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
          <Stat label="Members" value={formatCount(preview.members)} />
          <Stat label="Contact" value={formatCount(preview.contact)} />
          <Stat label="Holdout" value={formatCount(preview.holdout)} />
          <Stat
            label="Smallest detectable lift"
            value={
              <span data-testid="preview-mde">
                {preview.minimumDetectableEffect === null
                  ? "–"
                  : `${(preview.minimumDetectableEffect * 100).toFixed(1)} pts`}
              </span>
            }
          />
        </div>
        <Card>
          <CardHeader>
            <CardTitle>Power calculation</CardTitle>
          </CardHeader>
          <CardContent className="space-y-2 text-sm">
            <p>
              Expected base rate {formatPercent(preview.baseRate.rate)} ({preview.baseRate.note}). With{" "}
              {formatCount(preview.contact)} contacted and {formatCount(preview.holdout)} held out, a
              two-sided test at 5% significance has 80% power to detect a lift of{" "}
              {preview.minimumDetectableEffect === null
                ? "— (not reachable)"
                : `${(preview.minimumDetectableEffect * 100).toFixed(1)} percentage points`}{" "}
              or more in {CAMPAIGN_GOAL_LABELS[d.goal].toLowerCase()} conversion within {d.horizonWeeks}{" "}
              weeks.
            </p>
            {preview.warnings.length > 0 && (
              <div
                role="alert"
                data-testid="preview-warnings"
                className="rounded-md bg-amber-50 p-3 text-amber-900"
              >
                <ul className="list-disc space-y-1 pl-5">
                  {preview.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              </div>
            )}
          </CardContent>
        </Card>
        {user.role === "admin" ? (
          preview.members > 0 && (
            <LaunchCampaignForm
              design={{ ...design, goal: d.goal }}
              summary={`${preview.contact} to contact, ${preview.holdout} held out`}
            />
          )
        ) : (
          <p className="text-sm text-slate-600">Only admins can launch campaigns.</p>
        )}
      </section>
    </div>
  );
}
