// Reads a file of Stripe Event objects (NDJSON, a JSON array, or a list object) and decides how each event
// applies to what is stored. Pure: returns intents; the persistence layer executes them.
import type Stripe from "stripe";
import { z } from "zod";
import { MalformedFileError, type IdentityRecord } from "@/lib/ingest/types";
import { isTerminal, type PlanRank, type SubscriptionChange, type SubscriptionState } from "../types";
import { deriveSubscriptionChange } from "./changes";
import { normalizeCustomer, normalizeInvoice, normalizeSubscription, type InvoicePayment } from "./normalize";

export type StripeEventRow =
  { ok: true; line: number; event: Stripe.Event } | { ok: false; line: number; reason: string; raw: string };

const stripeEventSchema = z.object({
  id: z.string().min(1),
  object: z.literal("event"),
  type: z.string().min(1),
  created: z.number().int(),
  // Only these fields are checked; the event is passed on as read (a loose object would copy every key of an
  // invoice just to validate three).
  data: z.object({ object: z.object({ object: z.string() }) }),
});

type Input = AsyncIterable<string | Uint8Array> | Iterable<string>;

async function* splitLines(input: Input): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of input as AsyncIterable<string | Uint8Array>) {
    buffered += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    // Walk the buffer by position and cut the remainder once per chunk: slicing the rest off after every line
    // copies a megabyte-sized chunk hundreds of times.
    let start = 0;
    let newline: number;
    while ((newline = buffered.indexOf("\n", start)) >= 0) {
      yield buffered.slice(start, newline).replace(/\r$/, "");
      start = newline + 1;
    }
    buffered = buffered.slice(start);
  }
  buffered += decoder.decode();
  if (buffered.length) yield buffered.replace(/\r$/, "");
}

/** Stripe's v2 "thin" events (event destinations) name the object that changed but carry no snapshot of it. */
const THIN_EVENT =
  "a thin event (object v2.core.event) names the changed object but holds no snapshot of it: send snapshot events to the endpoint, or run `npm run cli -- stripe sync`";

/** Why a value is not a snapshot event this importer can apply (a thin event, a customer object, …), or null. */
export function stripeEventProblem(value: unknown): string | null {
  const row = toRow(value, 0);
  return row.ok ? null : row.reason;
}

function toRow(value: unknown, line: number, rawText?: string): StripeEventRow {
  const parsed = stripeEventSchema.safeParse(value);
  if (parsed.success) return { ok: true, line, event: value as Stripe.Event };
  if ((value as { object?: unknown } | null)?.object === "v2.core.event")
    return { ok: false, line, reason: THIN_EVENT, raw: (rawText ?? JSON.stringify(value)).slice(0, 500) };
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? issue.path.join(".") : "value";
  return {
    ok: false,
    line,
    reason: `not a Stripe event: ${where}: ${issue?.message ?? "invalid"}`,
    raw: (rawText ?? JSON.stringify(value) ?? "").slice(0, 500),
  };
}

function parseWholeDocument(text: string, file: string, firstLine: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    const line = position
      ? firstLine + (text.slice(0, Number(position[1])).match(/\n/g)?.length ?? 0)
      : firstLine;
    throw new MalformedFileError(file, line, `invalid JSON: ${message}`);
  }
}

/** What a JSON document that holds no events is, in a few words ("one customer object", "an object with keys resources"). */
function whatItIs(doc: unknown): string {
  if (doc === null || typeof doc !== "object") return `the JSON value ${JSON.stringify(doc)?.slice(0, 40)}`;
  const kind = (doc as { object?: unknown }).object;
  if (typeof kind === "string") return `one ${kind} object`;
  const keys = Object.keys(doc);
  return keys.length
    ? `an object with ${keys.length === 1 ? "the key" : "the keys"} ${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ", …" : ""}`
    : "an empty object";
}

function* rowsFromDocument(doc: unknown, file: string, line: number): Generator<StripeEventRow> {
  // In an array or list the `line` of a row is its 1-based position, since one element may span many lines.
  const items = Array.isArray(doc)
    ? doc
    : doc &&
        typeof doc === "object" &&
        (doc as { object?: unknown }).object === "list" &&
        Array.isArray((doc as { data?: unknown }).data)
      ? (doc as { data: unknown[] }).data
      : doc && typeof doc === "object" && (doc as { object?: unknown }).object === "event"
        ? [doc]
        : null;
  if (items == null)
    throw new MalformedFileError(
      file,
      line,
      `expected one event per line, a JSON array of events, or a list object {object:'list', data:[...]}; this file is ${whatItIs(doc)}, not Stripe events`,
    );
  for (let i = 0; i < items.length; i++) yield toRow(items[i], i + 1);
}

/**
 * Streams the events of a file. NDJSON (as `stripe events list` / the Events API pages are usually saved) is read line by line;
 * a JSON array or list object is read whole. Invalid JSON refuses the file; valid JSON that is not an event is a bad row.
 */
export async function* parseStripeEventsFile(input: Input, file: string): AsyncGenerator<StripeEventRow> {
  let lineNo = 0;
  let mode: "detect" | "ndjson" | "document" = "detect";
  let documentStart = 0;
  let documentText = "";
  for await (const rawLine of splitLines(input)) {
    lineNo++;
    const text = lineNo === 1 ? rawLine.replace(/^\uFEFF/, "") : rawLine;
    if (mode === "document") {
      documentText += "\n" + text;
      continue;
    }
    const trimmed = text.trim();
    if (!trimmed) continue;
    if (mode === "detect") {
      if (!trimmed.startsWith("{") && !trimmed.startsWith("["))
        throw new MalformedFileError(
          file,
          lineNo,
          "expected JSON: the first line starts with neither '{' nor '['",
        );
      let first: unknown;
      try {
        first = trimmed.startsWith("{") ? JSON.parse(trimmed) : undefined;
      } catch {
        first = undefined;
      }
      if (first === undefined || (first as { object?: unknown }).object === "list") {
        // A pretty-printed document or a list object: read it whole.
        mode = "document";
        documentStart = lineNo;
        documentText = text;
        continue;
      }
      mode = "ndjson";
      yield toRow(first, lineNo, trimmed);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      throw new MalformedFileError(file, lineNo, `invalid JSON: ${(error as Error).message}`);
    }
    yield toRow(value, lineNo, trimmed);
  }
  if (mode === "document")
    yield* rowsFromDocument(parseWholeDocument(documentText, file, documentStart), file, documentStart);
}

/** What is stored for the object an event touches (a subscription, or a customer for customer events). */
export interface StoredEventState {
  /** `created` (Unix seconds) of the last event applied to this object. */
  lastEventCreated?: number;
  state?: SubscriptionState;
}

export interface DatedSubscriptionChange extends SubscriptionChange {
  occurredAt: Date;
}

interface IntentBase {
  eventId: string;
  eventType: string;
  eventCreated: number;
}

export type EventIntent =
  | (IntentBase & { action: "upsert_identity"; identity: IdentityRecord; lastEventCreated: number })
  | (IntentBase & {
      action: "upsert_subscription";
      state: SubscriptionState;
      change: DatedSubscriptionChange | null;
      /** What to store as the object's last applied event: never moves backwards. */
      lastEventCreated: number;
      /** True when an older cancellation was applied over newer active state. */
      outOfOrder: boolean;
    })
  | (IntentBase & { action: "record_payment"; payment: InvoicePayment })
  | (IntentBase & { action: "ignore"; reason: "unhandled_type" | "stale" | "not_a_payment"; detail: string })
  /** The object lacks what we must store and nothing stored can complete it: kept aside with this reason, not applied. */
  | (IntentBase & { action: "quarantine"; reason: string });

export interface PlanEventOptions {
  planRank?: PlanRank;
}

/**
 * Decides how one event applies given what is stored. Handles customer.created/updated,
 * customer.subscription.created/updated/deleted, invoice.paid, invoice.payment_succeeded and invoice.payment_failed;
 * every other type is ignored with reason "unhandled_type". Stripe sends both invoice.paid and the older
 * invoice.payment_succeeded for a paid invoice and an endpoint may listen to either: both key the payment by the
 * invoice's id, so it counts once. invoice_payment.paid (2025-03-31.basil) names no customer and is left out.
 */
export function planEventApplication(
  event: Stripe.Event,
  stored: StoredEventState = {},
  options: PlanEventOptions = {},
): EventIntent {
  const base: IntentBase = { eventId: event.id, eventType: event.type, eventCreated: event.created };
  const last = stored.lastEventCreated;
  switch (event.type) {
    case "customer.created":
    case "customer.updated": {
      if (!(event.data.object as { id?: unknown }).id)
        return { ...base, action: "quarantine", reason: `${event.type} ${event.id}: the customer has no id` };
      if (last != null && event.created < last)
        return {
          ...base,
          action: "ignore",
          reason: "stale",
          detail: `customer event older than the last applied (${last})`,
        };
      return {
        ...base,
        action: "upsert_identity",
        identity: normalizeCustomer(event.data.object),
        lastEventCreated: Math.max(last ?? 0, event.created),
      };
    }
    case "customer.subscription.created":
    case "customer.subscription.updated":
    case "customer.subscription.deleted":
      return planSubscriptionEvent(
        base,
        event.data.object,
        event.type === "customer.subscription.deleted",
        stored,
        options,
      );
    case "invoice.paid":
    case "invoice.payment_succeeded":
    case "invoice.payment_failed": {
      const payment = normalizeInvoice(event.data.object, {
        outcome: event.type === "invoice.payment_failed" ? "failed" : "paid",
        observedAt: new Date(event.created * 1000),
      });
      if (!payment)
        return {
          ...base,
          action: "ignore",
          reason: "not_a_payment",
          detail: "invoice has no customer or no amount",
        };
      return { ...base, action: "record_payment", payment };
    }
    default:
      return {
        ...base,
        action: "ignore",
        reason: "unhandled_type",
        detail: `${event.type} does not change billing state`,
      };
  }
}

/** Fields a subscription snapshot must carry to be stored, and which of them this one lacks. */
function missingSubscriptionFields(
  sub: Partial<Stripe.Subscription>,
  normalized: SubscriptionState,
): string[] {
  const missing: string[] = [];
  if (!sub.id) missing.push("id");
  if (sub.start_date == null && sub.created == null) missing.push("created/start_date");
  if (!normalized.customerId) missing.push("customer");
  return missing;
}

/**
 * Fills what a partial snapshot lacks (start, customer, currency, its own timestamp) from the stored state of the same
 * subscription; a quarantine reason when something is missing and nothing is stored (or the id itself is missing).
 */
function completeSnapshot(
  base: IntentBase,
  sub: Stripe.Subscription,
  next: SubscriptionState,
  prev: SubscriptionState | null,
): SubscriptionState | string {
  const missing = missingSubscriptionFields(sub, next);
  if (missing.length && (!prev || missing.includes("id"))) {
    return `${base.eventType} ${base.eventId}: subscription ${sub.id ?? "(no id)"} lacks ${missing.join(", ")}${missing.includes("id") ? "" : ", and no stored state of it can complete the event"}`;
  }
  const completed = { ...next };
  if (missing.includes("created/start_date")) completed.startedAt = prev!.startedAt;
  if (missing.includes("customer")) completed.customerId = prev!.customerId;
  if (!completed.currency && prev?.currency) completed.currency = prev.currency;
  // A snapshot with no timestamp of its own is dated by its event (never later than the event itself).
  if (Number.isNaN(completed.updatedAt.getTime())) completed.updatedAt = new Date(base.eventCreated * 1000);
  return completed;
}

function planSubscriptionEvent(
  base: IntentBase,
  sub: Stripe.Subscription,
  deleted: boolean,
  stored: StoredEventState,
  options: PlanEventOptions,
): EventIntent {
  const prev = stored.state ?? null;
  const completed = completeSnapshot(
    base,
    sub,
    normalizeSubscription(sub, deleted && !isTerminal(sub.status) ? { statusOverride: "canceled" } : {}),
    prev,
  );
  if (typeof completed === "string") return { ...base, action: "quarantine", reason: completed };
  const next = completed;
  const last = stored.lastEventCreated;
  const older =
    last != null &&
    (base.eventCreated < last ||
      (base.eventCreated === last && prev != null && next.updatedAt < prev.updatedAt));
  const lastEventCreated = Math.max(last ?? 0, base.eventCreated);

  // Stripe never revives a canceled subscription, so a later-arriving active snapshot is always stale.
  if (prev && isTerminal(prev.status) && !isTerminal(next.status)) {
    return {
      ...base,
      action: "ignore",
      reason: "stale",
      detail: `subscription is already ${prev.status}; ignoring ${next.status} snapshot`,
    };
  }
  const cancelWins = older && isTerminal(next.status) && !(prev && isTerminal(prev.status));
  if (older && !cancelWins)
    return {
      ...base,
      action: "ignore",
      reason: "stale",
      detail: `event older than the last applied (${last})`,
    };

  const change = deriveSubscriptionChange(prev, next, options.planRank);
  const occurredAt =
    change?.kind === "cancel"
      ? (next.canceledAt ?? next.endedAt ?? new Date(base.eventCreated * 1000))
      : new Date(base.eventCreated * 1000);
  return {
    ...base,
    action: "upsert_subscription",
    state: next,
    change: change && { ...change, occurredAt },
    lastEventCreated,
    outOfOrder: cancelWins,
  };
}
