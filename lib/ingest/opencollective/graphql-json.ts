// Open Collective's GraphQL API (v2) transactions saved as JSON (and the members export as JSON, members/all.json) (`{"data": {"account": {"transactions": {"nodes": […]}}}}`,
// a TransactionCollection, a bare array of nodes, or an array of such pages). opencollective-rest writes its
// transactions.csv from these very nodes; they are mapped the same way (its account-transactions.ts field mapping) and
// read by the current-format reader, so the JSON and the CSV of one collective give the same payments.
import { closeSync, openSync, readSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { MalformedFileError } from "@/lib/ingest/types";

/** A saved response is read whole: many pages of transactions, far less than the heap. */
const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** The current-format fields written, in this order (a header of field names, as `transactions.csv` without labels). */
const FIELDS = [
  "datetime",
  "description",
  "type",
  "kind",
  "isRefund",
  "amount",
  "currency",
  "oppositeAccountSlug",
  "oppositeAccountName",
  "orderFrequency",
] as const;

type Node = Record<string, unknown>;
const isObject = (v: unknown): v is Node => v !== null && typeof v === "object" && !Array.isArray(v);
const money = (v: unknown): { value: unknown; currency: unknown } | null =>
  isObject(v)
    ? {
        value: v.value ?? (typeof v.valueInCents === "number" ? v.valueInCents / 100 : undefined),
        currency: v.currency,
      }
    : null;

/** `createdAt` as the CSV writes it (`YYYY-MM-DDTHH:mm:ss`, UTC): the same second, hence the same payment key. */
const datetime = (v: unknown): string => {
  const d = typeof v === "string" ? new Date(v) : null;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString().slice(0, 19) : String(v ?? "");
};

/** One node as the CSV row opencollective-rest writes for it (amounts in the host's currency when the node has them). */
function rowOf(node: unknown): string[] {
  if (!isObject(node)) return FIELDS.map(() => "");
  const amount = money(node.amountInHostCurrency) ?? money(node.amount);
  const opposite = isObject(node.oppositeAccount) ? node.oppositeAccount : {};
  const order = isObject(node.order) ? node.order : {};
  const text = (v: unknown) => (v == null ? "" : String(v));
  return [
    datetime(node.createdAt),
    text(node.description),
    text(node.type),
    text(node.kind),
    node.isRefund ? "REFUND" : "",
    text(amount?.value),
    text(amount?.currency),
    text(opposite.slug),
    text(opposite.name),
    text(order.frequency),
  ];
}

/** Where a saved response keeps its transactions: `nodes` under data → account/collective/host → transactions. */
function nodesOf(doc: unknown, depth = 0): unknown[] | null {
  if (Array.isArray(doc)) {
    if (doc.every((d) => isObject(d) && ("createdAt" in d || "kind" in d))) return doc;
    const pages = doc.map((d) => nodesOf(d, depth + 1));
    return pages.every((p) => p !== null) ? pages.flat() : null;
  }
  if (!isObject(doc) || depth > 4) return null;
  if (Array.isArray(doc.nodes)) return doc.nodes;
  for (const key of ["data", "account", "collective", "host", "transactions"])
    if (isObject(doc[key])) {
      const found = nodesOf(doc[key], depth + 1);
      if (found) return found;
    }
  return null;
}

const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;

/**
 * The transactions of a saved GraphQL response as current-format CSV text: node N (1-based, pages flattened) on line N + 1.
 * A response holding no transactions (GraphQL `errors`, another query) refuses the file, saying what it holds.
 */
export function graphqlTransactionsCsv(text: string, file: string): string {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new MalformedFileError(file, 1, `not JSON: ${(error as Error).message}`);
  }
  // members/all.json: the members export's rows as objects, read as its CSV is.
  if (Array.isArray(doc) && doc.length > 0 && doc.every((d) => isObject(d) && "MemberId" in d)) {
    const columns = Object.keys(doc[0] as Node);
    const cell = (v: unknown) => quote(v == null ? "" : String(v));
    return (
      [
        columns.map(quote).join(","),
        ...doc.map((d) => columns.map((c) => cell((d as Node)[c])).join(",")),
      ].join("\n") + "\n"
    );
  }
  const nodes = nodesOf(doc);
  if (!nodes) {
    const errors = isObject(doc) && Array.isArray(doc.errors) ? doc.errors : null;
    const what = errors
      ? `a GraphQL error response (${String((errors[0] as Node | undefined)?.message ?? "no message").slice(0, 200)})`
      : `JSON without transaction nodes (keys: ${isObject(doc) ? Object.keys(doc).slice(0, 5).join(", ") : typeof doc})`;
    throw new MalformedFileError(
      file,
      1,
      `not Open Collective transactions: ${what}; save a query's data.account.transactions.nodes, or the CSV export`,
    );
  }
  return [FIELDS.join(","), ...nodes.map((n) => rowOf(n).map(quote).join(","))].join("\n") + "\n";
}

/** True when the file starts as JSON does (a CSV export starts with its header); false when it cannot be read (yet). */
export function isJsonFile(file: string): boolean {
  try {
    const fd = openSync(file, "r");
    try {
      const head = Buffer.alloc(64);
      const n = readSync(fd, head, 0, 64, 0);
      return /^\uFEFF?\s*[[{]/.test(head.subarray(0, n).toString("utf8"));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** The file's transactions as current-format CSV text, for the export reader (one chunk). */
export async function* graphqlTransactionsInput(file: string): AsyncGenerator<string> {
  const name = path.basename(file);
  if ((await stat(file)).size > MAX_JSON_BYTES)
    throw new MalformedFileError(name, 1, "JSON larger than 64 MB: save fewer pages per file");
  yield graphqlTransactionsCsv(await readFile(file, "utf8"), name);
}
