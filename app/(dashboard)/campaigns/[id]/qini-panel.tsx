"use client";
// Qini curve of the campaign by score decile (highest first), mapped onto the shared chart.
import { QiniChart } from "@/components/charts";
import type { QiniPoint } from "@/lib/analytics/uplift";

export function CampaignQini({ points }: { points: QiniPoint[] }) {
  const usable = points.filter((p) => p.incrementalConversions !== null);
  return (
    <QiniChart
      title="Qini curve"
      description="Extra conversions from contacting the top-scored share of members, against random targeting."
      showTitle
      modelLabel="Targeting by score"
      points={usable.map((p) => ({
        fraction: p.share,
        model: p.incrementalConversions as number,
        random: p.random ?? undefined,
      }))}
      emptyMessage="The Qini curve needs members in both arms."
    />
  );
}
