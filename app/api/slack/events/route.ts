// POST /api/slack/events: public (Slack signs it). Verifies X-Slack-Signature over the raw body and
// refuses timestamps outside a five-minute window; answers the URL verification challenge; each
// event (event_id) is applied once, mapped as the export importer maps messages and reactions.
import { NextResponse } from "next/server";
import { slackEnvelopeSchema, slackEventRecords, verifySlackRequest } from "@/lib/connectors/slack/events";
import { pushSecret, receivePushedRecords, slackChannelNames } from "@/lib/services/connectors/push";

export const dynamic = "force-dynamic";

const MAX_BODY = 1024 * 1024;

export async function POST(request: Request): Promise<Response> {
  const secret = await pushSecret("slack");
  if (!secret) return NextResponse.json({ error: "missing_secret" }, { status: 503 });
  const raw = await request.text();
  if (raw.length > MAX_BODY) return NextResponse.json({ error: "too_large" }, { status: 413 });
  const verified = verifySlackRequest(
    raw,
    request.headers.get("x-slack-request-timestamp"),
    request.headers.get("x-slack-signature"),
    secret,
  );
  if (!verified.ok) return NextResponse.json({ error: verified.reason }, { status: 401 });
  let envelope;
  try {
    envelope = slackEnvelopeSchema.parse(JSON.parse(raw));
  } catch {
    return NextResponse.json({ error: "unsupported_payload" }, { status: 400 });
  }
  if (envelope.type === "url_verification") return NextResponse.json({ challenge: envelope.challenge });
  if (envelope.type !== "event_callback") return NextResponse.json({ received: true });
  const event = envelope.event as Record<string, unknown>;
  const channelId =
    typeof event.channel === "string"
      ? event.channel
      : ((event.item as { channel?: string } | undefined)?.channel ?? null);
  const names = channelId ? await slackChannelNames([channelId]) : new Map<string, string>();
  try {
    const records = slackEventRecords(event, (id) => names.get(id) ?? id);
    const outcome = await receivePushedRecords(
      "slack-events",
      envelope.event_id,
      String(event.type),
      records,
    );
    return NextResponse.json({ received: true, ...outcome });
  } catch (error) {
    // A 500 makes Slack retry; the event id was not marked processed.
    console.error("[slack events]", envelope.event_id, error);
    return NextResponse.json({ error: "could not apply the event" }, { status: 500 });
  }
}
