// POST /api/stripe/webhook: public (Stripe signs it). Verifies the signature on the raw body, then
// applies the event once (by id) in a transaction; older events never overwrite newer state.
import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { verifyStripeEvent } from "@/lib/billing/stripe/webhook";
import { receiveStripeEvent } from "@/lib/services/billing/stripe-webhook";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const raw = await request.text();
  const verified = verifyStripeEvent(raw, request.headers.get("stripe-signature"), env().STRIPE_WEBHOOK_SECRET);
  if (!verified.ok) {
    const status = verified.code === "missing_secret" ? 503 : 400;
    return NextResponse.json({ error: verified.code }, { status });
  }
  try {
    const outcome = await receiveStripeEvent(verified.event);
    return NextResponse.json({ received: true, outcome });
  } catch (error) {
    // A 500 makes Stripe retry later; the event id is not marked processed, so the retry applies it.
    console.error("[stripe webhook]", verified.event.id, verified.event.type, error);
    return NextResponse.json({ error: "could not apply the event; Stripe will retry" }, { status: 500 });
  }
}
