// Slack workspace export parser (a .zip or the unpacked folder): yields every user's identity,
// then each day file's message events, one ParsedRow per message, naming file and position.
import { z } from "zod";
import { clip, jsonErrorLine } from "../line-reader";
import { MalformedFileError, type IngestRecord, type ParsedRow } from "../types";
import { channelLookup, slackChannelSchema } from "./channels";
import { notAnExport, openSlackExport, type SlackMetadataName, type SlackTextFile } from "./export-reader";
import { messageEvents, validateSlackMessage } from "./messages";
import { isSlackBotUser, slackUnlistedIdentity, slackUserIdentity, slackUserSchema } from "./users";

function parseJsonArray({ file, text }: SlackTextFile): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new MalformedFileError(file, jsonErrorLine(text, err), `not JSON: ${(err as Error).message}`);
  }
  if (!Array.isArray(value)) throw new MalformedFileError(file, 1, "expected a JSON array");
  return value;
}

function zodReason(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ");
}

function rawOf(value: unknown): string {
  try {
    return clip(JSON.stringify(value) ?? String(value));
  } catch {
    return clip(String(value));
  }
}

/**
 * Rows come out as: users.json (line = 1-based position in the array), then each
 * CHANNEL/YYYY-MM-DD.json (line = 1-based position of the message in that day's array).
 * Every row carries `file`. A broken users.json (or an Enterprise Grid export's org_users.json)
 * refuses the export, and so does an export without a single day file, or without either users.json
 * or channels.json. A day file that cannot be read (not JSON, too large, not
 * UTF-8) is set aside whole as one `wholeFile` row while the rest lands; `strict` refuses instead.
 */
export async function* parseSlackExport(
  exportPath: string,
  options: { strict?: boolean } = {},
): AsyncGenerator<ParsedRow> {
  const reader = await openSlackExport(exportPath);
  const metadata = await reader.readMetadata();
  // An export whose people list was left out (shared for privacy) still has its channels and days:
  // its people get the minimal identities that guests missing from users.json get.
  const usersFile = metadata.get("users.json") ?? metadata.get("org_users.json");
  if (!usersFile && !metadata.has("channels.json"))
    throw new MalformedFileError(exportPath, 0, await notAnExport(exportPath));

  const botUsers = new Set<string>();
  const knownUsers = new Set<string>();
  const users = usersFile ? parseJsonArray(usersFile) : [];
  const userRows: ParsedRow[] = [];
  users.forEach((value, index) => {
    const parsed = slackUserSchema.safeParse(value);
    const line = index + 1;
    if (!parsed.success) {
      userRows.push({
        ok: false,
        line,
        file: usersFile!.file,
        reason: zodReason(parsed.error),
        raw: rawOf(value),
      });
      return;
    }
    knownUsers.add(parsed.data.id);
    if (isSlackBotUser(parsed.data)) botUsers.add(parsed.data.id);
    userRows.push({ ok: true, line, file: usersFile!.file, records: [slackUserIdentity(parsed.data)] });
  });
  yield* userRows;

  const lists: Parameters<typeof channelLookup>[0] = [];
  for (const name of ["channels.json", "groups.json", "mpims.json", "dms.json"] as SlackMetadataName[]) {
    const file = metadata.get(name);
    if (!file) continue;
    // A channel list we cannot read only costs names, so bad entries are dropped rather than refusing the export.
    const channels = parseJsonArray(file).flatMap((c) => {
      const parsed = slackChannelSchema.safeParse(c);
      return parsed.success ? [parsed.data] : [];
    });
    lists.push({ name, channels });
  }
  const channelFor = channelLookup(lists);
  const isBot = (user: string) => botUsers.has(user);

  let dayFiles = 0;
  let firstSetAside: MalformedFileError | null = null;
  let setAside = 0;
  for await (const day of reader.dayFiles()) {
    dayFiles++;
    const channel = channelFor(day.folder);
    let messages: unknown[];
    try {
      if ("error" in day.content) throw day.content.error;
      messages = parseJsonArray({ file: day.file, text: day.content.text });
    } catch (error) {
      if (options.strict || !(error instanceof MalformedFileError)) throw error;
      firstSetAside ??= error;
      setAside++;
      yield {
        ok: false,
        line: error.line,
        file: day.file,
        reason: `day file set aside: ${error.reason}`,
        raw: "",
        wholeFile: true,
      };
      continue;
    }
    for (let index = 0; index < messages.length; index++) {
      const line = index + 1;
      const checked = validateSlackMessage(messages[index]);
      if ("reason" in checked) {
        yield { ok: false, line, file: day.file, reason: checked.reason, raw: rawOf(messages[index]) };
        continue;
      }
      const { events, reason } = messageEvents(checked.message, channel, isBot);
      if (reason) {
        yield { ok: false, line, file: day.file, reason, raw: rawOf(messages[index]) };
        continue;
      }
      if (events.length === 0) continue;
      const records: IngestRecord[] = [];
      // People outside users.json (shared-channel guests) still need an identity for their events.
      for (const event of events) {
        const id = event.actor.externalId;
        if (knownUsers.has(id)) continue;
        knownUsers.add(id);
        records.push(
          slackUnlistedIdentity(id, checked.message.user === id ? checked.message.user_profile : null),
        );
      }
      records.push(...events);
      yield { ok: true, line, file: day.file, records };
    }
  }
  if (firstSetAside && setAside === dayFiles) {
    throw new MalformedFileError(
      exportPath,
      0,
      `every one of the ${dayFiles} day files is unreadable (first, ${firstSetAside.message})`,
    );
  }
  if (dayFiles === 0) {
    throw new MalformedFileError(
      exportPath,
      0,
      "a Slack export, but with no CHANNEL/YYYY-MM-DD.json day files: there are no messages to import (export with message history)",
    );
  }
}
