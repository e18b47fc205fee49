// Public liveness, database and readiness check (no data, no secrets). While a first start is still
// preparing the data (demo load, first recompute) it answers 503 "preparing" with the progress, so
// load balancers, scripts and the e2e runner wait for a ready dashboard; the login page answers already.
import { NextResponse } from "next/server";
import { databaseHealth } from "@/lib/data/health";
import { dataPreparation } from "@/lib/data/pipeline-status";

export const dynamic = "force-dynamic";

export async function GET() {
  const database = await databaseHealth();
  if (!database) return NextResponse.json({ status: "degraded", database: "down" }, { status: 503 });
  const preparing = await dataPreparation();
  if (preparing) return NextResponse.json({ status: "preparing", database: "up", percent: preparing.percent, step: preparing.label }, { status: 503 });
  return NextResponse.json({ status: "ok", database: "up" }, { status: 200 });
}
