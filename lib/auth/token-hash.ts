// API token values and their stored form (a SHA-256 hash); no database, safe anywhere.
import { createHash, randomBytes } from "node:crypto";

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function newTokenValue(): string {
  return `gsw_${randomBytes(24).toString("base64url")}`;
}
