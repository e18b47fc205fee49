// Applies one verified webhook event in its own transaction (serialised per event id by the
// processed_events primary key, so two concurrent deliveries of one event apply it once).
import "server-only";
import type Stripe from "stripe";
import { db } from "@/lib/db/client";
import { newIdentityResolver } from "@/lib/services/imports/resolver";
import { applyStripeEvents, ConcurrentDeliveryError, type ApplyOutcome } from "./stripe-apply";

export async function receiveStripeEvent(event: Stripe.Event): Promise<ApplyOutcome> {
  try {
    const [decision] = await db.$transaction((tx) => applyStripeEvents(tx, [event], newIdentityResolver()), {
      timeout: 30_000,
    });
    // Answered 200 all the same: Stripe's retry would carry the same incomplete object. A later event (or a sync) completes it.
    if (decision.outcome === "quarantined") console.warn("[stripe webhook] quarantined:", decision.detail);
    return decision.outcome;
  } catch (error) {
    // Two deliveries raced: the other one recorded the event first, and this transaction rolled back.
    if (error instanceof ConcurrentDeliveryError) return "duplicate";
    throw error;
  }
}
