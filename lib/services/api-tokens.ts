// Creating and revoking scoped API tokens. The token value is returned once and stored hashed.
import "server-only";
import { db } from "@/lib/db/client";
import { forgetVerifiedTokens, hashToken, newTokenValue } from "@/lib/auth/api-token";
import type { SessionUser } from "@/lib/auth/roles";
import { recordAudit } from "./audit";
import { NotFoundError } from "./errors";

export async function createApiToken(actor: SessionUser, input: { name: string; scopes: string[] }) {
  const value = newTokenValue();
  const token = await db.apiToken.create({
    data: {
      name: input.name,
      scopes: input.scopes,
      tokenHash: hashToken(value),
      prefix: value.slice(0, 10),
      createdById: actor.id,
    },
  });
  await recordAudit(actor, "token.create", "api_token", token.id, { name: token.name, scopes: token.scopes });
  return { id: token.id, value };
}

export async function revokeApiToken(actor: SessionUser, id: number) {
  const token = await db.apiToken.findUnique({ where: { id } });
  if (!token) throw new NotFoundError("Token");
  await db.apiToken.update({ where: { id }, data: { revokedAt: token.revokedAt ?? new Date() } });
  forgetVerifiedTokens();
  await recordAudit(actor, "token.revoke", "api_token", id, { name: token.name });
}
