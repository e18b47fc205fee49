// The Open Collective export as normalised records: a stream of ParsedRows (identities and payments, row by row),
// then, once the stream is drained, the subscription changes derived from whole histories and the import's counts.
import type { IdentityRecord, IdentityRef, ParsedRow, PaymentRecord } from "@/lib/ingest/types";
import type { ForcedEncoding } from "@/lib/ingest/text-encoding";
import { ocCsvRecords, ocRowReader, type readOpenCollectiveCsv } from "./csv";
import { isOcMembersHeader, ocMembersReader } from "./members";
import { classifyOcTransaction, isGuestSlug, looksLikeOrganization, type OcSkipReason } from "./classify";
import {
  deriveOcSubscriptionGroups,
  OC_SOURCE,
  ocSubscriptionId,
  type OcContribution,
  type OcSubscription,
  type OcSubscriptionChange,
} from "./subscriptions";

export interface OcImportStats {
  /** Data rows read (header excluded), bad rows included. */
  transactionsRead: number;
  badRows: number;
  contributions: number;
  recurring: number;
  oneTime: number;
  skipped: Record<OcSkipReason, number>;
  /** Distinct profiles with at least one contribution. */
  contributors: number;
  organizations: number;
  /** The latest transaction date in the file: "now" for deciding who is still paying. */
  asOf: Date | null;
}

export interface OcImportResult {
  stats: OcImportStats;
  subscriptions: OcSubscription[];
  changes: OcSubscriptionChange[];
}

export interface OcImportOptions {
  file: string;
  /** slug → is an organisation, overriding the heuristic in classify.ts. */
  organizationOverrides?: Readonly<Record<string, boolean>>;
  /** Decoding of a file without a BOM (`--encoding`). */
  encoding?: ForcedEncoding;
}

/**
 * Drain `rows` (persisting each row's records: an identity when a contributor is first seen, or re-emitted when it turns
 * out to be an organisation, then the payment), then call `finish()` for the subscription changes.
 * Skipped transactions (refunds, expenses, transfers) yield `{ ok: true, records: [] }` and are counted.
 */
export function importOpenCollectiveExport(
  input: Parameters<typeof readOpenCollectiveCsv>[0],
  options: OcImportOptions,
) {
  const stats: OcImportStats = {
    transactionsRead: 0,
    badRows: 0,
    contributions: 0,
    recurring: 0,
    oneTime: 0,
    skipped: { refund: 0, expense: 0, transfer: 0, zero_amount: 0 },
    contributors: 0,
    organizations: 0,
    asOf: null,
  };
  // Each subscription's payments (by subscription id, in file order), grouped as they are read.
  const paymentsBySubscription = new Map<string, OcContribution[]>();
  const organizationBySlug = new Map<string, boolean>();
  const paymentKeys = new Map<string, number>();
  // One actor reference and one subscription id per contributor, shared by their payments: a batch's records live
  // until it is written, and fewer objects and strings surviving the young generation make garbage collection cheaper.
  const contributorBySlug = new Map<string, { actor: IdentityRef; month: string; year: string }>();
  const contributorOf = (slug: string) => {
    let contributor = contributorBySlug.get(slug);
    if (!contributor) {
      contributor = {
        actor: { source: OC_SOURCE, externalId: slug },
        month: ocSubscriptionId(slug, "month"),
        year: ocSubscriptionId(slug, "year"),
      };
      contributorBySlug.set(slug, contributor);
    }
    return contributor;
  };
  let drained = false;

  async function* rows(): AsyncGenerator<ParsedRow> {
    const reader = ocRowReader(options.file);
    // Set when the header is the members export's: identities only, no payments.
    let readMember: ReturnType<typeof ocMembersReader> | null = null;
    let first = true;
    for await (const record of ocCsvRecords(input, options.file, { encoding: options.encoding })) {
      if (first) {
        first = false;
        if (isOcMembersHeader(record.fields)) {
          readMember = ocMembersReader(record.fields);
          continue;
        }
      }
      if (readMember) {
        const row = readMember(record);
        stats.transactionsRead++;
        if (!row.ok) stats.badRows++;
        else if (row.records.length) stats.contributors++;
        yield row;
        continue;
      }
      const row = reader.read(record);
      if (!row) continue;
      stats.transactionsRead++;
      if (!row.ok) {
        stats.badRows++;
        yield row;
        continue;
      }
      const { tx } = row;
      if (stats.asOf == null || tx.occurredAt > stats.asOf) stats.asOf = tx.occurredAt;
      const kind = classifyOcTransaction(tx);
      if (!kind.contribution) {
        stats.skipped[kind.reason]++;
        yield { ok: true, line: row.line, records: [] };
        continue;
      }
      const records: (IdentityRecord | PaymentRecord)[] = [];
      const known = organizationBySlug.get(tx.slug);
      // Once an organisation, always one for this run: the heuristic is asked only while it could still change that.
      const isOrganization = known === true || looksLikeOrganization(tx, options.organizationOverrides);
      // The export is newest first, so the first row names the contributor as they are now; re-emit only to add an organisation.
      if (known === undefined || (isOrganization && !known)) {
        if (known === undefined) stats.contributors++;
        if (isOrganization) stats.organizations++;
        organizationBySlug.set(tx.slug, isOrganization);
        const guest = isGuestSlug(tx.slug);
        records.push({
          kind: "identity",
          source: OC_SOURCE,
          externalId: tx.slug,
          handle: guest ? null : tx.slug,
          displayName: tx.userName || null,
          organizationName: isOrganization ? tx.userName : null,
          profile: { profileUrl: tx.profileUrl, guest },
        });
      }
      const contributor = contributorOf(tx.slug);
      const key = `oc:${tx.slug}:${tx.occurredAt.toISOString()}:${tx.amountCents}`;
      const seen = paymentKeys.get(key) ?? 0;
      paymentKeys.set(key, seen + 1);
      records.push({
        kind: "payment",
        source: OC_SOURCE,
        externalId: seen ? `${key}:${seen + 1}` : key,
        actor: contributor.actor,
        amountCents: tx.amountCents,
        currency: tx.currency,
        status: "paid",
        paymentKind: tx.interval ? "recurring" : "donation",
        occurredAt: tx.occurredAt,
        subscriptionExternalId: tx.interval ? contributor[tx.interval] : null,
      });
      stats.contributions++;
      if (tx.interval) {
        stats.recurring++;
        const contribution: OcContribution = {
          slug: tx.slug,
          interval: tx.interval,
          amountCents: tx.amountCents,
          currency: tx.currency,
          occurredAt: tx.occurredAt,
        };
        const subscriptionId = contributor[tx.interval];
        const list = paymentsBySubscription.get(subscriptionId);
        if (list) list.push(contribution);
        else paymentsBySubscription.set(subscriptionId, [contribution]);
      } else stats.oneTime++;
      yield { ok: true, line: row.line, records };
    }
    if (!readMember) reader.end();
    drained = true;
  }

  /** Each subscription with its changes, derived one at a time as they are taken (a run writes the first meanwhile). */
  function* subscriptions() {
    if (!drained) throw new Error("importOpenCollectiveExport: drain rows before deriving subscriptions");
    if (stats.asOf) yield* deriveOcSubscriptionGroups(paymentsBySubscription, stats.asOf);
  }

  return {
    rows: rows(),
    stats,
    subscriptions,
    finish(): OcImportResult {
      const result: OcImportResult = { stats, subscriptions: [], changes: [] };
      for (const { subscription, changes } of subscriptions()) {
        result.subscriptions.push(subscription);
        result.changes.push(...changes);
      }
      return result;
    },
  };
}
