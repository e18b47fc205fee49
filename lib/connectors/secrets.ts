// Connector secrets at rest: AES-256-GCM with a key from the environment, never from the database.
// The key is CONNECTOR_SECRET_KEY, or else derived (HKDF) from NEXTAUTH_SECRET, which every install sets.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

const VERSION = "v1";

export class SecretKeyMissingError extends Error {
  constructor() {
    super(
      "Set CONNECTOR_SECRET_KEY (or NEXTAUTH_SECRET) to store connector tokens: they are encrypted with a key from the environment",
    );
    this.name = "SecretKeyMissingError";
  }
}

/**
 * A dedicated key when given; otherwise HKDF over NEXTAUTH_SECRET with its own label, so the
 * session-signing secret itself is never used as a cipher key and one secret set is enough to run.
 */
export function connectorKey(): Buffer {
  const { CONNECTOR_SECRET_KEY: dedicated, NEXTAUTH_SECRET: sessionSecret } = env();
  const material = dedicated ?? sessionSecret;
  if (!material) throw new SecretKeyMissingError();
  return Buffer.from(
    hkdfSync(
      "sha256",
      material,
      "groundswell",
      dedicated ? "connector-secrets" : "connector-secrets-from-nextauth",
      32,
    ),
  );
}

/** `context` (the connector kind) is bound as associated data: a blob cannot be moved to another connector. */
export function encryptSecrets(
  secrets: Record<string, string>,
  context: string,
  key: Buffer = connectorKey(),
): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(JSON.stringify(secrets), "utf8"), cipher.final()]);
  return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64")}`;
}

export function decryptSecrets(
  blob: string,
  context: string,
  key: Buffer = connectorKey(),
): Record<string, string> {
  const [version, data] = blob.split(":");
  if (version !== VERSION || !data) throw new Error("connector secrets: unknown format");
  const raw = Buffer.from(data, "base64");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
    return JSON.parse(text) as Record<string, string>;
  } catch {
    throw new Error(
      "connector secrets cannot be decrypted: was CONNECTOR_SECRET_KEY (or NEXTAUTH_SECRET) changed? Reconnect the connector",
    );
  }
}
