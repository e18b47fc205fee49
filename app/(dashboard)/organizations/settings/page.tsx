// Contribution settings: which activity types count and their weights, manual contributions,
// the purchasing-power table behind the partner minimum, and the public report switch.
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui";
import { requireUser } from "@/lib/auth/session";
import { activityTypeTable, pppRateTable } from "@/lib/data/organizations";
import { publicReportEnabled } from "@/lib/data/reports";
import { BASE_MONTHLY_MINIMUM_CENTS } from "@/lib/partners/ppp";
import { ActivityTypeRow, ManualContributionForm, PppRateForm, PublicReportToggle } from "./settings-forms";

export const metadata: Metadata = { title: "Contribution settings" };
export const dynamic = "force-dynamic";

export default async function ContributionSettingsPage() {
  const user = await requireUser();
  const isAdmin = user.role === "admin";
  const [types, rates, publicOn] = await Promise.all([
    activityTypeTable(),
    pppRateTable(),
    publicReportEnabled(),
  ]);
  return (
    <div className="space-y-8">
      <PageHeader
        title="Contribution settings"
        description="What counts as a contribution, and the partner programme's fair minimum."
      />
      <section aria-labelledby="types-heading" className="space-y-2">
        <h2 id="types-heading" className="text-lg font-semibold">
          Activity types
        </h2>
        <p className="text-sm text-slate-500">
          Contributions are counted in reports and partner eligibility; everything else counts as activity.
          Weights feed the activity score.
        </p>
        <div>
          {types.map((t) => (
            <ActivityTypeRow key={t.type} {...t} disabled={!isAdmin} />
          ))}
        </div>
      </section>
      {isAdmin && (
        <section aria-labelledby="manual-heading" className="space-y-2">
          <h2 id="manual-heading" className="text-lg font-semibold">
            Manual contribution
          </h2>
          <ManualContributionForm />
        </section>
      )}
      <section aria-labelledby="ppp-heading" className="space-y-2">
        <h2 id="ppp-heading" className="text-lg font-semibold">
          Partner minimum by country
        </h2>
        <p className="text-sm text-slate-500">
          The minimum is ${BASE_MONTHLY_MINIMUM_CENTS / 100}/month × the country&apos;s factor (US = 1.0;
          defaults from the Big Mac index). Unknown countries use 1.0.
        </p>
        {isAdmin ? (
          <div className="grid gap-1 md:grid-cols-2">
            {Object.entries(rates).map(([country, factor]) => (
              <PppRateForm key={country} country={country} factor={factor} />
            ))}
            <PppRateForm />
          </div>
        ) : (
          <p className="text-sm">
            {Object.entries(rates)
              .map(([c, f]) => `${c} ${f}`)
              .join(" · ")}
          </p>
        )}
      </section>
      {isAdmin && (
        <section aria-labelledby="public-heading" className="space-y-2">
          <h2 id="public-heading" className="text-lg font-semibold">
            Public report
          </h2>
          <PublicReportToggle enabled={publicOn} />
        </section>
      )}
    </div>
  );
}
