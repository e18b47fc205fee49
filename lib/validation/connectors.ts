// Connector forms and actions: what an admin may type to connect Slack, GitHub or Discourse.
import { z } from "zod";

const secret = z.string().trim().min(8, "looks too short").max(500);
const optionalSecret = z
  .string()
  .trim()
  .max(500)
  .optional()
  .transform((v) => (v ? v : undefined));
const backfillMonths = z.coerce.number().int().min(1).max(120).optional();

export const connectSlackSchema = z.object({
  kind: z.literal("slack"),
  token: secret.refine(
    (t) => t.startsWith("xoxb-") || t.startsWith("xoxp-"),
    "a Slack bot token starts with xoxb-",
  ),
  signingSecret: optionalSecret,
  backfillMonths,
});

const repository = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, "write repositories as owner/name");

export const connectGithubSchema = z
  .object({
    kind: z.literal("github"),
    token: secret,
    repositories: z.array(repository).max(200).default([]),
    organization: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]*$/, "an organisation login")
      .max(100)
      .optional()
      .transform((v) => (v ? v : undefined)),
    webhookSecret: optionalSecret,
    backfillMonths,
  })
  .refine((v) => v.repositories.length > 0 || v.organization, {
    message: "name an organisation or at least one repository",
    path: ["repositories"],
  });

export const connectDiscourseSchema = z
  .object({
    kind: z.literal("discourse"),
    baseUrl: z
      .string()
      .trim()
      .url("the forum's address, e.g. https://forum.example.org")
      .refine((u) => /^https?:/.test(u), "http or https"),
    // No key: a public forum, read as any visitor reads it (public categories, no emails).
    apiKey: optionalSecret,
    apiUsername: z
      .string()
      .trim()
      .max(100)
      .optional()
      .transform((v) => (v ? v : undefined)),
    backfillMonths,
  })
  .refine((v) => !v.apiKey || v.apiUsername, {
    message: "the API key's username (system for an all-users key)",
    path: ["apiUsername"],
  });

export const connectConnectorSchema = z.union([
  connectSlackSchema,
  connectGithubSchema,
  connectDiscourseSchema,
]);
export type ConnectConnectorInput = z.infer<typeof connectConnectorSchema>;

export const connectorKindSchema = z.object({ kind: z.enum(["slack", "github", "discourse"]) });

/** Settings kept in clear (never secrets); what the sync reads besides the token. */
export const connectorSettingsSchema = z.object({
  repositories: z.array(z.string()).optional(),
  organization: z.string().optional(),
  baseUrl: z.string().optional(),
  apiUsername: z.string().optional(),
  backfillMonths: z.number().int().positive().optional(),
});
export type ConnectorSettings = z.infer<typeof connectorSettingsSchema>;
