// Slack users.json → identity records: names, email, bot and deleted flags, and a GitHub
// login named in the title or custom profile fields.
import { z } from "zod";
import { normaliseEmail } from "../email-domains";
import type { IdentityRecord } from "../types";
import { findGithubHandle } from "./github-handle";

const optionalText = z.string().nullish();

export const slackUserSchema = z.object({
  id: z.string().min(1),
  team_id: optionalText,
  name: optionalText,
  real_name: optionalText,
  deleted: z.boolean().nullish(),
  is_bot: z.boolean().nullish(),
  is_app_user: z.boolean().nullish(),
  tz: optionalText,
  profile: z
    .object({
      real_name: optionalText,
      display_name: optionalText,
      email: optionalText,
      title: optionalText,
      // Slack sends a map of field id → { value, alt }, but an empty *array* when a user has no custom
      // fields (and older exports a list of fields): read whatever shape comes, never refuse the user.
      fields: z.unknown().optional(),
    })
    .loose()
    .nullish(),
});

export type SlackUser = z.infer<typeof slackUserSchema>;

/** The built-in Slackbot user is a bot even though its record says otherwise. */
export const SLACKBOT_USER_ID = "USLACKBOT";

export function isSlackBotUser(user: SlackUser): boolean {
  return user.is_bot === true || user.is_app_user === true || user.id === SLACKBOT_USER_ID;
}

/** The text of each custom profile field (value, then alt), whether `fields` is a map, a list, or missing. */
export function customFieldTexts(fields: unknown): string[] {
  if (fields === null || typeof fields !== "object") return [];
  const entries = Array.isArray(fields) ? fields : Object.values(fields);
  const texts: string[] = [];
  for (const field of entries) {
    if (typeof field === "string") texts.push(field);
    else if (field && typeof field === "object") {
      const { value, alt } = field as { value?: unknown; alt?: unknown };
      if (typeof value === "string") texts.push(value);
      if (typeof alt === "string") texts.push(alt);
    }
  }
  return texts;
}

function linkedGithubHandle(user: SlackUser): string | null {
  const profile = user.profile;
  if (!profile) return null;
  for (const text of [profile.title, ...customFieldTexts(profile.fields)]) {
    const found = findGithubHandle(text);
    if (found) return found;
  }
  return null;
}

function text(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export function slackUserIdentity(user: SlackUser): IdentityRecord {
  const profile = user.profile ?? {};
  const github = linkedGithubHandle(user);
  const displayName = text(profile.display_name);
  const record: IdentityRecord = {
    kind: "identity",
    source: "slack",
    externalId: user.id,
    handle: text(user.name),
    email: normaliseEmail(profile.email),
    displayName: text(profile.real_name) ?? text(user.real_name) ?? displayName ?? text(user.name),
    isBot: isSlackBotUser(user),
    isDeleted: user.deleted === true,
    profile: { displayName, title: text(profile.title), tz: text(user.tz), teamId: text(user.team_id) },
  };
  if (github) record.linkedHandles = [{ source: "github", handle: github }];
  return record;
}

/** A minimal identity for a user seen in messages but absent from users.json (e.g. a shared-channel guest). */
export function slackUnlistedIdentity(
  id: string,
  userProfile?: { name?: string | null; real_name?: string | null } | null,
): IdentityRecord {
  return {
    kind: "identity",
    source: "slack",
    externalId: id,
    handle: text(userProfile?.name),
    displayName: text(userProfile?.real_name),
  };
}
