// Generated Slack workspaces for the connector tests and benchmark, and the same workspace written
// as a Slack export folder (users.json, channels.json, <channel>/<YYYY-MM-DD>.json).
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FakeSlackData, FakeSlackMessage } from "./fake-slack";

export interface SlackWorldOptions {
  token?: string;
  channels: number;
  messagesPerChannel: number;
  users: number;
  /** Seconds between messages; the newest message is `end`. */
  spacing?: number;
  end?: Date;
  /** Every nth message starts a thread with two replies. */
  threadEvery?: number;
}

export function slackWorld(o: SlackWorldOptions): FakeSlackData {
  const users: Record<string, unknown>[] = [];
  for (let u = 0; u < o.users; u++) {
    users.push({
      id: `U${u}`,
      name: `user${u}`,
      real_name: `User ${u}`,
      deleted: false,
      is_bot: false,
      profile: {
        real_name: `User ${u}`,
        display_name: `user${u}`,
        email: `user${u}@example${u % 7}.org`,
        title: u % 5 === 0 ? `github.com/gh-user${u}` : "",
      },
    });
  }
  users.push({ id: "B0", name: "deploybot", is_bot: true, profile: { real_name: "Deploy bot" } });
  const channels = Array.from({ length: o.channels }, (_, c) => ({
    id: `C${c}`,
    name: `channel-${c}`,
    is_member: true,
  }));
  const spacing = o.spacing ?? 60;
  const end = Math.floor((o.end ?? new Date()).getTime() / 1000);
  const messages = new Map<string, FakeSlackMessage[]>();
  channels.forEach((channel, c) => {
    const list: FakeSlackMessage[] = [];
    for (let i = 0; i < o.messagesPerChannel; i++) {
      const seconds = end - (o.messagesPerChannel - i) * spacing;
      const ts = `${seconds}.${String(100 + c).padStart(6, "0")}`;
      const user = `U${(i * 31 + c) % o.users}`;
      const message: FakeSlackMessage = { ts, user, text: `message ${i}` };
      if (i % 11 === 3) message.reactions = [{ name: "tada", users: [`U${(i + 1) % o.users}`], count: 1 }];
      if (i % 97 === 5) Object.assign(message, { user: "B0", subtype: "bot_message" });
      list.push(message);
      if (o.threadEvery && i % o.threadEvery === 0 && message.subtype === undefined) {
        const replies = [1, 2].map((r) => ({
          ts: `${seconds + r}.${String(200 + c).padStart(6, "0")}`,
          user: `U${(i + r * 7) % o.users}`,
          text: "reply",
          thread_ts: ts,
        }));
        Object.assign(message, { thread_ts: ts, reply_count: 2, latest_reply: replies[1].ts });
        list.push(...replies);
      }
    }
    list.sort((a, b) => Number(a.ts) - Number(b.ts));
    messages.set(channel.id, list);
  });
  return { token: o.token ?? "xoxb-test-token", users, channels, messages };
}

/** Appends `count` new top-level messages to a channel, after its newest one. */
export function addSlackMessages(data: FakeSlackData, channelId: string, count: number): void {
  const list = data.messages.get(channelId)!;
  const last = Math.floor(Number(list.at(-1)!.ts));
  for (let i = 1; i <= count; i++)
    list.push({ ts: `${last + i * 10}.000900`, user: `U${i % data.users.length}`, text: `new ${i}` });
}

export async function writeSlackExport(data: FakeSlackData, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "users.json"), JSON.stringify(data.users));
  await writeFile(
    path.join(dir, "channels.json"),
    JSON.stringify(data.channels.map((c) => ({ id: c.id, name: c.name }))),
  );
  for (const channel of data.channels) {
    const byDay = new Map<string, FakeSlackMessage[]>();
    for (const m of data.messages.get(channel.id) ?? []) {
      const day = new Date(Number(m.ts.split(".")[0]) * 1000).toISOString().slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), m]);
    }
    await mkdir(path.join(dir, channel.name), { recursive: true });
    for (const [day, list] of byDay)
      await writeFile(path.join(dir, channel.name, `${day}.json`), JSON.stringify(list));
  }
}
