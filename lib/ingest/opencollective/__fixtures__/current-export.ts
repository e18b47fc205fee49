// Hand-written rows of Open Collective's current transactions export, shaped as its documented fields say
// (opencollective-rest, account-transactions.ts: default fields, their labels, json2csv quoting every value).
import type { OcCurrentField } from "../current-format";

/** The export's default fields for an account, in its order (host and processor fees only when flattened). */
export const DEFAULT_FIELDS = [
  "datetime",
  "shortId",
  "shortGroup",
  "description",
  "type",
  "kind",
  "isRefund",
  "isRefunded",
  "shortRefundId",
  "displayAmount",
  "amount",
  "netAmount",
  "balance",
  "currency",
  "accountSlug",
  "accountName",
  "oppositeAccountSlug",
  "oppositeAccountName",
  "paymentMethodService",
  "paymentMethodType",
  "expenseType",
  "expenseTags",
  "payoutMethodType",
  "merchantId",
  "orderMemo",
  "orderProcessedDate",
  "refundKind",
] as const;

/**
 * Labels written instead of field names with `useFieldNames=1`, as the export's `columnNames` documents them: written out
 * here rather than taken from current-format.ts, so that a wrong label there fails the tests.
 */
const LABELS: Record<string, string> = {
  datetime: "Date & Time",
  date: "Date",
  description: "Description",
  type: "Credit/Debit",
  kind: "Kind",
  isRefund: "Is Refund",
  amount: "Gross Amount",
  currency: "Currency",
  oppositeAccountSlug: "Opposite Account Handle",
  oppositeAccountName: "Opposite Account Name",
  orderFrequency: "Contribution Frequency",
  shortRefundId: "Short Refund Transaction ID",
  paymentMethodService: "Payment Processor",
  paymentMethodType: "Payment Method",
  expenseType: "Expense Type",
  expenseTags: "Expense Tags",
  payoutMethodType: "Expense Payout Method Type",
  merchantId: "Merchant ID",
  orderMemo: "Contribution Memo",
  orderProcessedDate: "Contribution Processed Date",
  shortId: "Short Transaction ID",
  shortGroup: "Short Group ID",
  isRefunded: "Is Refunded",
  displayAmount: "Original Currency Amount",
  netAmount: "Amount Single Column",
  balance: "Balance",
  accountSlug: "Account Handle",
  accountName: "Account Name",
};

export type CurrentRow = Partial<Record<(typeof DEFAULT_FIELDS)[number] | OcCurrentField, string>>;

/** A monthly contribution by `ada` to the collective `tinytools`, on the Backer tier. */
export const CONTRIBUTION: CurrentRow = {
  datetime: "2024-06-01T10:00:00",
  shortId: "a1b2c3d4",
  shortGroup: "e5f6a7b8",
  description: "Monthly financial contribution to Tiny Tools (Backer)",
  type: "CREDIT",
  kind: "CONTRIBUTION",
  displayAmount: "$5.00",
  amount: "5",
  netAmount: "4.21",
  balance: "105.21",
  currency: "USD",
  accountSlug: "tinytools",
  accountName: "Tiny Tools",
  oppositeAccountSlug: "ada",
  oppositeAccountName: "Ada Lovelace",
  paymentMethodService: "STRIPE",
  paymentMethodType: "CREDITCARD",
  orderProcessedDate: "2024-06-01",
};

const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;

/** A CSV file as the export writes it: `fields` (or their labels) as header, every value quoted. */
export function currentExport(
  rows: CurrentRow[],
  { fields = [...DEFAULT_FIELDS] as string[], labels = false, trailer = "" } = {},
): string {
  const header = fields.map((f) => quote(labels ? (LABELS[f] ?? f) : f)).join(",");
  const lines = rows.map((r) => fields.map((f) => quote(r[f as keyof CurrentRow] ?? "")).join(","));
  return [header, ...lines].join("\n") + "\n" + trailer;
}
