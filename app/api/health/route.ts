// Public liveness: the database and the worker (no data, no secrets). 503 when either is down,
// so a supervisor or load balancer notices a dead worker behind a web server that still answers.
import { NextResponse } from "next/server";
import { databaseHealth, workerHealth } from "@/lib/data/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const database = await databaseHealth();
  const worker = database ? await workerHealth().catch(() => "down" as const) : "down";
  const ok = database && worker !== "down";
  return NextResponse.json({ status: ok ? "ok" : "degraded", database: database ? "up" : "down", worker }, { status: ok ? 200 : 503 });
}
