// POST /api/stripe/webhook: public (Stripe signs it). Verifies the signature on the raw body, then
// applies the event once (by id) in a transaction; older events never overwrite newer state.
import { NextResponse } from "next/server";
import { env } from "@/lib/env";
import { verifyStripeEvent } from "@/lib/billing/stripe/webhook";
import { stripeEventProblem } from "@/lib/billing/stripe/events";
import { receiveStripeEvent } from "@/lib/services/billing/stripe-webhook";
import { requestRecompute } from "@/lib/jobs/queue";

export const dynamic = "force-dynamic";

export async function POST(request: Request): Promise<Response> {
  const raw = await request.text();
  const verified = verifyStripeEvent(
    raw,
    request.headers.get("stripe-signature"),
    env().STRIPE_WEBHOOK_SECRET,
  );
  if (!verified.ok) {
    const status = verified.code === "missing_secret" ? 503 : 400;
    return NextResponse.json({ error: verified.code }, { status });
  }
  // Signed by Stripe but nothing to apply (a v2 thin event names the object without a snapshot): answered 200, as a
  // retry would carry the same payload, and logged.
  const problem = stripeEventProblem(verified.event);
  if (problem) {
    console.warn("[stripe webhook] ignored:", problem);
    return NextResponse.json({ received: true, outcome: "ignored", reason: problem });
  }
  try {
    const outcome = await receiveStripeEvent(verified.event);
    // Rankings and alerts read billing: the worker runs the pipeline (requests within 30 s collapse).
    // The event is stored either way; a failed request only delays the recompute to the hourly run.
    if (outcome === "applied")
      await requestRecompute(`stripe webhook ${verified.event.type}`).catch((error) =>
        console.error("[stripe webhook] recompute request failed", error),
      );
    return NextResponse.json({ received: true, outcome });
  } catch (error) {
    // A 500 makes Stripe retry later; the event id is not marked processed, so the retry applies it.
    console.error("[stripe webhook]", verified.event.id, verified.event.type, error);
    return NextResponse.json({ error: "could not apply the event; Stripe will retry" }, { status: 500 });
  }
}
