import { describe, expect, it } from "vitest";
import Stripe from "stripe";
import { verifyStripeEvent } from "./webhook";
import { eventFixture, subscriptionFixture } from "../__fixtures__/stripe-fixtures";

const secret = "whsec_test_groundswell";
const payload = JSON.stringify(
  eventFixture(
    "customer.subscription.updated",
    subscriptionFixture(),
    Math.floor(Date.now() / 1000),
    "evt_webhook_1",
  ),
);
const sign = (body: string, options: { secret?: string; timestamp?: number } = {}) =>
  Stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret: options.secret ?? secret,
    timestamp: options.timestamp,
  });

describe("verifyStripeEvent", () => {
  it("accepts a correctly signed delivery (string or Buffer body)", () => {
    const header = sign(payload);
    const result = verifyStripeEvent(payload, header, secret);
    expect(result).toMatchObject({
      ok: true,
      event: { id: "evt_webhook_1", type: "customer.subscription.updated" },
    });
    expect(verifyStripeEvent(Buffer.from(payload), header, secret).ok).toBe(true);
  });
  it("refuses a tampered body", () => {
    const header = sign(payload);
    expect(
      verifyStripeEvent(payload.replace('"status":"active"', '"status":"canceled"'), header, secret),
    ).toMatchObject({ ok: false, code: "invalid_signature" });
  });
  it("refuses a delivery signed with another secret", () => {
    expect(verifyStripeEvent(payload, sign(payload, { secret: "whsec_other" }), secret)).toMatchObject({
      ok: false,
      code: "invalid_signature",
    });
  });
  it("refuses an expired timestamp, and honours a custom tolerance", () => {
    const header = sign(payload, { timestamp: Math.floor(Date.now() / 1000) - 600 });
    expect(verifyStripeEvent(payload, header, secret)).toMatchObject({
      ok: false,
      code: "timestamp_outside_tolerance",
    });
    expect(verifyStripeEvent(payload, header, secret, 900).ok).toBe(true);
  });
  it("reports missing header, missing secret and malformed header", () => {
    expect(verifyStripeEvent(payload, undefined, secret)).toMatchObject({
      ok: false,
      code: "missing_signature",
    });
    expect(verifyStripeEvent(payload, sign(payload), "")).toMatchObject({
      ok: false,
      code: "missing_secret",
    });
    expect(verifyStripeEvent(payload, "garbage", secret)).toMatchObject({
      ok: false,
      code: "invalid_signature",
    });
  });
  it("a signed body that is not JSON is an invalid payload", () => {
    expect(verifyStripeEvent("not json", sign("not json"), secret)).toMatchObject({
      ok: false,
      code: "invalid_payload",
    });
  });
});
