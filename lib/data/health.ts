// Is the database reachable? For GET /api/health.
import "server-only";
import { readDb as db } from "@/lib/db/client";

export async function databaseHealth(): Promise<boolean> {
  try {
    await db.$queryRaw`select 1`;
    return true;
  } catch {
    return false;
  }
}
