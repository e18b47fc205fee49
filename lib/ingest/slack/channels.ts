// Slack's channel lists (channels.json, groups.json, mpims.json, dms.json) → a lookup from
// the export's folder name to the channel's id and display name.
import { z } from "zod";
import type { SlackChannelRef } from "./messages";
import type { SlackMetadataName } from "./export-reader";

export const slackChannelSchema = z.object({ id: z.string().min(1), name: z.string().nullish() }).loose();

/**
 * Public and private channels and group DMs sit in folders named after the channel; 1:1 DMs
 * sit in folders named after their id. Both the name and the id resolve to the same channel.
 */
export function channelLookup(
  lists: { name: SlackMetadataName; channels: z.infer<typeof slackChannelSchema>[] }[],
) {
  const byFolder = new Map<string, SlackChannelRef>();
  for (const { channels } of lists) {
    for (const channel of channels) {
      const ref = { id: channel.id, name: channel.name || channel.id };
      byFolder.set(channel.id, ref);
      if (channel.name) byFolder.set(channel.name, ref);
    }
  }
  /** An unlisted folder keeps its folder name as both id and name, so its ids stay stable. */
  return (folder: string): SlackChannelRef => byFolder.get(folder) ?? { id: folder, name: folder };
}
