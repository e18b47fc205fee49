// Child process for the fault tests: applies the Stripe event in STRIPE_EVENT (JSON) through the same
// service the webhook route calls, against DATABASE_URL. The test kills it mid-transaction.
import { receiveStripeEvent } from "@/lib/services/billing/stripe-webhook";

const event = JSON.parse(process.env.STRIPE_EVENT ?? "null");
if (!event) throw new Error("STRIPE_EVENT is not set");
console.log(await receiveStripeEvent(event));
process.exit(0);
