// Connecting and revoking connectors. Secrets go into one encrypted blob; revoking deletes it
// (the streams' cursors stay, so reconnecting resumes instead of backfilling again).
import "server-only";
import { db } from "@/lib/db/client";
import type { SessionUser } from "@/lib/auth/roles";
import { decryptSecrets, encryptSecrets } from "@/lib/connectors/secrets";
import type { ConnectorKind } from "@/lib/connectors/types";
import type { Prisma } from "@/lib/generated/prisma/client";
import {
  connectorSettingsSchema,
  type ConnectConnectorInput,
  type ConnectorSettings,
} from "@/lib/validation/connectors";
import { recordAudit } from "@/lib/services/audit";
import { NotFoundError } from "@/lib/services/errors";

export interface ConnectorSecrets {
  token?: string;
  signingSecret?: string;
  webhookSecret?: string;
  apiKey?: string;
}

function split(input: ConnectConnectorInput): { settings: ConnectorSettings; secrets: ConnectorSecrets } {
  const { backfillMonths } = input;
  if (input.kind === "slack")
    return {
      settings: { backfillMonths },
      secrets: { token: input.token, signingSecret: input.signingSecret },
    };
  if (input.kind === "github") {
    return {
      settings: { repositories: input.repositories, organization: input.organization, backfillMonths },
      secrets: { token: input.token, webhookSecret: input.webhookSecret },
    };
  }
  return {
    settings: { baseUrl: input.baseUrl.replace(/\/+$/, ""), apiUsername: input.apiUsername, backfillMonths },
    secrets: { apiKey: input.apiKey },
  };
}

export async function connectConnector(
  input: ConnectConnectorInput,
  actor: Pick<SessionUser, "id" | "email"> | string | null,
): Promise<void> {
  const { settings, secrets } = split(input);
  const clean = Object.fromEntries(
    Object.entries(secrets).filter(([, v]) => typeof v === "string"),
  ) as Record<string, string>;
  const data = {
    settings: JSON.parse(JSON.stringify(settings)) as Prisma.InputJsonValue,
    secretsCiphertext: encryptSecrets(clean, input.kind),
    lastError: null,
  };
  await db.connector.upsert({
    where: { kind: input.kind },
    create: { kind: input.kind, ...data },
    update: data,
  });
  // The audit entry names what changed, never the secrets.
  await recordAudit(actor, "connector.connect", "connector", input.kind, {
    settings: JSON.parse(JSON.stringify(settings)) as Prisma.InputJsonValue,
  });
}

export async function revokeConnector(
  kind: ConnectorKind,
  actor: Pick<SessionUser, "id" | "email"> | string | null,
): Promise<void> {
  const updated = await db.connector.updateMany({ where: { kind }, data: { secretsCiphertext: null } });
  if (updated.count === 0) throw new NotFoundError(`The ${kind} connector`);
  await recordAudit(actor, "connector.revoke", "connector", kind);
}

export interface LoadedConnector {
  id: number;
  kind: ConnectorKind;
  settings: ConnectorSettings;
  secrets: ConnectorSecrets | null;
}

export async function loadConnector(kind: ConnectorKind): Promise<LoadedConnector | null> {
  const row = await db.connector.findUnique({ where: { kind } });
  if (!row) return null;
  const settings = connectorSettingsSchema.parse(row.settings ?? {});
  return {
    id: row.id,
    kind,
    settings,
    secrets: row.secretsCiphertext ? (decryptSecrets(row.secretsCiphertext, kind) as ConnectorSecrets) : null,
  };
}
