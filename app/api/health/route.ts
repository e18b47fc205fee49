// Public liveness and readiness: the database and the worker (no data, no secrets). 503 when either is
// down, so a supervisor notices a dead worker behind a web server that still answers; 503 "preparing"
// with the progress while a first start loads its data or starts its database (the login page answers already).
import { NextResponse } from "next/server";
import { databaseHealth, workerHealth } from "@/lib/data/health";
import { dataPreparation } from "@/lib/data/pipeline-status";
import { readLaunchState } from "@/lib/runtime/launch-state";

export const dynamic = "force-dynamic";

export async function GET() {
  // `npm start` is still starting the database (migrations, the first admin): preparing, not down.
  const starting = readLaunchState();
  if (starting)
    return NextResponse.json(
      { status: "preparing", database: "starting", worker: "not started", percent: 0, step: starting.step },
      { status: 503 },
    );
  const database = await databaseHealth();
  const worker = database ? await workerHealth().catch(() => "down" as const) : "down";
  if (!database || worker === "down") {
    return NextResponse.json(
      { status: "degraded", database: database ? "up" : "down", worker },
      { status: 503 },
    );
  }
  const preparing = await dataPreparation();
  if (preparing)
    return NextResponse.json(
      { status: "preparing", database: "up", worker, percent: preparing.percent, step: preparing.label },
      { status: 503 },
    );
  return NextResponse.json({ status: "ok", database: "up", worker }, { status: 200 });
}
