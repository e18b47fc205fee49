// Verifies a Stripe webhook delivery (signature and timestamp) with Stripe's own code and returns the event
// or a typed error the route handler can turn into a 400 without leaking details.
import Stripe from "stripe";

export type WebhookErrorCode =
  | "missing_secret"
  | "missing_signature"
  | "invalid_signature"
  | "timestamp_outside_tolerance"
  | "invalid_payload";

export type WebhookVerification =
  { ok: true; event: Stripe.Event } | { ok: false; code: WebhookErrorCode; message: string };

/** Stripe's default: deliveries signed more than five minutes ago are refused, which limits replays. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * `rawBody` must be the exact bytes received (a parsed-and-reserialised body never verifies).
 * `tolerance` is in seconds. Unexpected errors (not about the delivery) are rethrown.
 */
export function verifyStripeEvent(
  rawBody: string | Buffer,
  signatureHeader: string | null | undefined,
  secret: string | null | undefined,
  tolerance: number = DEFAULT_TOLERANCE_SECONDS,
): WebhookVerification {
  if (!secret)
    return { ok: false, code: "missing_secret", message: "no webhook signing secret is configured" };
  if (!signatureHeader)
    return { ok: false, code: "missing_signature", message: "no Stripe-Signature header" };
  try {
    // verifyHeader then our own parse, not constructEvent: that one throws a plain Error on a (signed) v2 thin event,
    // which would answer 500 and have Stripe retry for days; the caller tells a thin event apart and ignores it.
    const signature = Stripe.webhooks.signature;
    if (!signature) throw new Error("stripe-node has no signature helper: cannot verify webhooks");
    signature.verifyHeader(rawBody, signatureHeader, secret, tolerance);
    return { ok: true, event: JSON.parse(rawBody.toString()) as Stripe.Event };
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      const expired = /tolerance/i.test(error.message);
      return {
        ok: false,
        code: expired ? "timestamp_outside_tolerance" : "invalid_signature",
        message: error.message,
      };
    }
    // The signature matched but the body is not JSON.
    if (error instanceof SyntaxError) return { ok: false, code: "invalid_payload", message: error.message };
    throw error;
  }
}
