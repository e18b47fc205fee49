// Applies one verified webhook event in its own transaction (serialised per event id by the
// processed_events primary key, so two concurrent deliveries of one event apply it once).
import "server-only";
import type Stripe from "stripe";
import { db } from "@/lib/db/client";
import { newIdentityResolver } from "@/lib/services/imports/resolver";
import { applyStripeEvent, type ApplyOutcome } from "./stripe-apply";

export async function receiveStripeEvent(event: Stripe.Event): Promise<ApplyOutcome> {
  try {
    return await db.$transaction((tx) => applyStripeEvent(tx, event, newIdentityResolver()), { timeout: 30_000 });
  } catch (error) {
    // Two deliveries raced: the other one inserted processed_events first.
    if ((error as { code?: string }).code === "P2002") return "duplicate";
    throw error;
  }
}
