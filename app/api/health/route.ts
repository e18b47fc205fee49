// Public liveness and database check (no data, no secrets).
import { NextResponse } from "next/server";
import { databaseHealth } from "@/lib/data/health";

export const dynamic = "force-dynamic";

export async function GET() {
  const database = await databaseHealth();
  return NextResponse.json({ status: database ? "ok" : "degraded", database: database ? "up" : "down" }, { status: database ? 200 : 503 });
}
