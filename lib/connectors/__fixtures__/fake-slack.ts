// A local stand-in for the Slack Web API, shaped as its documentation shows: POST /api/<method> with
// form-encoded arguments and a Bearer token; 200 with {"ok":false,"error":...} for API errors; cursor
// pagination through response_metadata.next_cursor; conversations.history newest first with has_more,
// `oldest`/`latest` exclusive; conversations.replies with the parent first.
import { decodeCursor, encodeCursor, startFixtureServer, type FixtureServer } from "./http-fixture";

export interface FakeSlackMessage {
  ts: string;
  user?: string;
  text?: string;
  subtype?: string;
  thread_ts?: string;
  reply_count?: number;
  latest_reply?: string;
  reactions?: { name: string; users: string[]; count: number }[];
}

export interface FakeSlackData {
  token: string;
  users: Record<string, unknown>[];
  channels: { id: string; name: string; is_member?: boolean }[];
  /** The token's scopes, when a test narrows them (else every scope the connector asks for). */
  scopes?: string[];
  /** Per channel id, oldest first; thread replies included (with thread_ts). */
  messages: Map<string, FakeSlackMessage[]>;
}

const ts = (s: string) => {
  const [a, b = ""] = s.split(".");
  return Number(a) * 1e6 + Number(b.padEnd(6, "0"));
};

function page<T>(items: T[], cursor: string | null, limit: number) {
  const offset = decodeCursor(cursor);
  const slice = items.slice(offset, offset + limit);
  const more = offset + limit < items.length;
  return { slice, more, next: more ? encodeCursor(offset + limit) : "" };
}

export async function startFakeSlack(
  data: FakeSlackData,
  options: { keepLog?: boolean; delayMs?: number } = {},
): Promise<FixtureServer & { data: FakeSlackData }> {
  const server = await startFixtureServer((req) => {
    const method = req.path.replace(/^\/api\//, "");
    const auth = req.headers.authorization;
    if (!auth) return { status: 200, body: { ok: false, error: "not_authed" } };
    if (auth !== `Bearer ${data.token}`) return { status: 200, body: { ok: false, error: "token_revoked" } };
    const p = req.body;
    const limit = Math.min(Number(p.get("limit") ?? 100), 1000);
    const cursor = p.get("cursor");
    if (method === "users.list") {
      const { slice, next } = page(data.users, cursor, limit);
      return {
        status: 200,
        body: { ok: true, members: slice, cache_ts: 1700000000, response_metadata: { next_cursor: next } },
      };
    }
    if (method === "conversations.list") {
      // As Slack answers a type the token has no read scope for (groups:read for private channels).
      const types = (p.get("types") ?? "public_channel").split(",");
      const needed = types.includes("private_channel") ? "groups:read" : "channels:read";
      if (data.scopes && !data.scopes.includes(needed))
        return {
          status: 200,
          body: { ok: false, error: "missing_scope", needed, provided: data.scopes.join(",") },
        };
      const { slice, next } = page(
        data.channels.map((c) => ({ is_channel: true, is_archived: false, is_member: true, ...c })),
        cursor,
        limit,
      );
      return { status: 200, body: { ok: true, channels: slice, response_metadata: { next_cursor: next } } };
    }
    const channel = p.get("channel") ?? "";
    const all = data.messages.get(channel);
    if (!all) return { status: 200, body: { ok: false, error: "channel_not_found" } };
    const oldest = p.get("oldest");
    const latest = p.get("latest");
    const inWindow = (m: FakeSlackMessage) =>
      (!oldest || ts(m.ts) > ts(oldest)) && (!latest || ts(m.ts) < ts(latest));
    if (method === "conversations.history") {
      // Thread replies stay in their thread unless broadcast; newest first.
      const visible = all
        .filter(
          (m) => inWindow(m) && (!m.thread_ts || m.thread_ts === m.ts || m.subtype === "thread_broadcast"),
        )
        .reverse();
      const { slice, more, next } = page(visible, cursor, limit);
      return {
        status: 200,
        body: {
          ok: true,
          messages: slice,
          has_more: more,
          pin_count: 0,
          response_metadata: { next_cursor: next },
        },
      };
    }
    if (method === "conversations.replies") {
      const parentTs = p.get("ts") ?? "";
      const parent = all.find((m) => m.ts === parentTs);
      if (!parent) return { status: 200, body: { ok: false, error: "thread_not_found" } };
      const replies = all.filter((m) => m.thread_ts === parentTs && m.ts !== parentTs && inWindow(m));
      const { slice, more, next } = page([parent, ...replies], cursor, limit);
      return {
        status: 200,
        body: { ok: true, messages: slice, has_more: more, response_metadata: { next_cursor: next } },
      };
    }
    return { status: 200, body: { ok: false, error: "unknown_method" } };
  }, options);
  return Object.assign(server, { url: `${server.url}/api/`, data });
}
