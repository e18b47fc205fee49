// POST /api/github/webhook: public (GitHub signs it). The X-Hub-Signature-256 HMAC is verified with
// @octokit/webhooks on the raw body; each delivery (X-GitHub-Delivery) is applied once.
import { NextResponse } from "next/server";
import { Webhooks } from "@octokit/webhooks";
import { z } from "zod";
import { githubWebhookRecords } from "@/lib/connectors/github/webhook-map";
import { pushSecret, receivePushedRecords } from "@/lib/services/connectors/push";

export const dynamic = "force-dynamic";

const MAX_BODY = 5 * 1024 * 1024;
const headersSchema = z.object({
  signature: z.string().regex(/^sha256=[0-9a-f]{64}$/),
  delivery: z.string().min(1).max(100),
  event: z.string().regex(/^[a-z_]{1,60}$/),
});

export async function POST(request: Request): Promise<Response> {
  const secret = await pushSecret("github");
  if (!secret) return NextResponse.json({ error: "missing_secret" }, { status: 503 });
  const raw = await request.text();
  if (raw.length > MAX_BODY) return NextResponse.json({ error: "too_large" }, { status: 413 });
  const headers = headersSchema.safeParse({
    signature: request.headers.get("x-hub-signature-256"),
    delivery: request.headers.get("x-github-delivery"),
    event: request.headers.get("x-github-event"),
  });
  if (!headers.success || !(await new Webhooks({ secret }).verify(raw, headers.data.signature))) {
    return NextResponse.json({ error: "bad_signature" }, { status: 401 });
  }
  let payload: Record<string, unknown>;
  try {
    payload = z.record(z.string(), z.unknown()).parse(JSON.parse(raw));
  } catch {
    return NextResponse.json({ error: "not_json" }, { status: 400 });
  }
  const { delivery, event } = headers.data;
  try {
    const outcome = await receivePushedRecords(
      "github-webhook",
      delivery,
      event,
      githubWebhookRecords(event, payload),
    );
    return NextResponse.json({ received: true, ...outcome });
  } catch (error) {
    // A 500 lets GitHub's redelivery apply it later: the delivery id was not marked processed.
    console.error("[github webhook]", delivery, event, error);
    return NextResponse.json({ error: "could not apply the delivery" }, { status: 500 });
  }
}
