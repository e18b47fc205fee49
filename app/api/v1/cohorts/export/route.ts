// GET /api/v1/cohorts/export?table=retention|survival|deciles: the Cohorts page's tables as CSV, from the same
// reads as the page (retention one row per cohort and month offset; survival one row per upgrade quarter).
import { z } from "zod";
import { apiRoute, parseQuery } from "@/lib/api/handler";
import { csvResponse, type CsvCell } from "@/components/data-table/csv";
import {
  activityRetention,
  cohortsAsOf,
  conversionByActivityDecile,
  firstPaidSpells,
  NUMBER_AT_RISK_MONTHS,
  survivalByQuarter,
} from "@/lib/data/cohorts";

export const dynamic = "force-dynamic";

const querySchema = z.object({ table: z.enum(["retention", "survival", "deciles"]) });
const DAYS_PER_MONTH = 30.4375;
const months = (days: number | null) => (days === null ? null : Number((days / DAYS_PER_MONTH).toFixed(2)));

async function table(name: "retention" | "survival" | "deciles"): Promise<[string[], CsvCell[][]]> {
  if (name === "retention") {
    const matrix = await activityRetention();
    return [
      ["cohort_month", "cohort_size", "month_offset", "active", "share"],
      matrix.cohorts.flatMap((c) =>
        c.cells
          .filter((cell) => cell.active !== null)
          .map((cell) => [c.cohortMonth, c.cohortSize, cell.monthOffset, cell.active, cell.share]),
      ),
    ];
  }
  if (name === "survival") {
    const survival = survivalByQuarter(await firstPaidSpells(), await cohortsAsOf());
    return [
      [
        "cohort",
        "members",
        "stopped_paying",
        "median_months",
        "median_lower_months",
        "median_upper_months",
        ...NUMBER_AT_RISK_MONTHS.map((m) => `at_risk_month_${m}`),
      ],
      survival.map((s) => [
        s.cohort,
        s.curve.subjects,
        s.curve.events,
        months(s.curve.median),
        months(s.curve.medianLower),
        months(s.curve.medianUpper),
        ...s.atRisk,
      ]),
    ];
  }
  const deciles = await conversionByActivityDecile();
  return [
    ["decile", "members", "converted", "rate", "rate_lower_95", "rate_upper_95"],
    deciles.map((d) => [d.decile, d.members, d.conversions, d.rate, d.lower, d.upper]),
  ];
}

export const GET = apiRoute("read", async (request) => {
  const { table: name } = parseQuery(request, querySchema);
  const [headers, rows] = await table(name);
  return csvResponse(`cohorts-${name}`, headers, rows);
});
