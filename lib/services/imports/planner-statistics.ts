// Planner statistics after a large import. An import writes inside one long transaction, and an ANALYZE that
// autovacuum runs meanwhile counts its uncommitted rows as absent: the tables are then planned as empty, and a query
// that joins them (the import summary's billing link report, the pipeline after it) scans one table once per row of the
// other. Analyzing the member-scale tables as soon as the import commits puts the statistics right before anyone reads.
import "server-only";
import { db } from "@/lib/db/client";

/** New members from which an import is large enough to re-analyze (autovacuum's own threshold is 10% + 50 rows). */
const LARGE_IMPORT_MEMBERS = 1_000;

/**
 * Every table an import fills per member. Analyzing only some is worse than none: with members and identities counted
 * and affiliations still "empty", the summary's merge suggestions joined every pair of a company's affiliations
 * (10,000 git authors at one email domain: 97 s, against 0.3 s once affiliations are counted too).
 */
export async function analyzeAfterLargeImport(membersCreated: number): Promise<void> {
  if (membersCreated < LARGE_IMPORT_MEMBERS) return;
  // In two halves on two connections: PostgreSQL samples them on both cores while the run's summary waits.
  await Promise.all([
    db.$executeRaw`analyze members, identities, identity_claims, affiliations`,
    db.$executeRaw`analyze organizations, organization_domains, subscriptions, subscription_changes`,
  ]);
}
