// Erased people stay erased: a re-import of an old file must not recreate them. Erasure keeps only
// salted hashes of their identities (source + external id) and emails; each batch drops the
// records that match before anything is written.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { Prisma } from "@/lib/generated/prisma/client";
import type { IngestRecord } from "@/lib/ingest/types";

type Tx = Prisma.TransactionClient;

const SALT_SETTING = "privacy.erasure_salt";

/** The instance's salt (random, made at the first erasure): hashes of emails cannot be looked up elsewhere. */
async function erasureSalt(tx: Tx, create: boolean): Promise<string | null> {
  const row = await tx.setting.findUnique({ where: { key: SALT_SETTING } });
  if (row && typeof row.value === "string") return row.value;
  if (!create) return null;
  await tx.setting.upsert({
    where: { key: SALT_SETTING },
    create: { key: SALT_SETTING, value: randomBytes(24).toString("base64url") },
    update: {},
  });
  const saved = await tx.setting.findUniqueOrThrow({ where: { key: SALT_SETTING } });
  return String(saved.value);
}

const hashKey = (salt: string, key: string) =>
  createHash("sha256").update(`${salt}\u0000${key}`).digest("hex");
export const identityKey = (source: string, externalId: string) =>
  `identity\u0000${source}\u0000${externalId}`;
export const emailKey = (email: string) => `email\u0000${email.trim().toLowerCase()}`;

/** Records tombstones for an erased member's identities and emails (inside the erasure's transaction). */
export async function recordTombstones(tx: Tx, keys: string[]): Promise<number> {
  if (!keys.length) return 0;
  const salt = (await erasureSalt(tx, true))!;
  const rows = [...new Set(keys)].map((k) => ({ keyHash: hashKey(salt, k) }));
  return (await tx.erasureTombstone.createMany({ data: rows, skipDuplicates: true })).count;
}

/**
 * The batch without the records of erased people (their identities, and everything they did). `settled`
 * names records that need no look-up: events whose member this transaction already resolved and holds
 * (an erasure must lock that member first, so it cannot happen before this transaction ends).
 */
export async function dropErased(
  tx: Tx,
  records: IngestRecord[],
  settled: (r: IngestRecord) => boolean = () => false,
): Promise<IngestRecord[]> {
  const unsettled = records.filter((r) => !settled(r));
  if (!unsettled.length) return records;
  const salt = await erasureSalt(tx, false);
  if (!salt) return records; // nobody was ever erased
  const keysOf = (r: IngestRecord): string[] => {
    if (r.kind === "identity")
      return [identityKey(r.source, r.externalId), ...(r.email ? [emailKey(r.email)] : [])];
    return [identityKey(r.actor.source, r.actor.externalId)];
  };
  const hashes = [...new Set(unsettled.flatMap((r) => keysOf(r).map((k) => hashKey(salt, k))))];
  const found = await tx.erasureTombstone.findMany({
    where: { keyHash: { in: hashes } },
    select: { keyHash: true },
  });
  if (!found.length) return records;
  const erased = new Set(found.map((f) => f.keyHash));
  const isErased = (r: IngestRecord) => !settled(r) && keysOf(r).some((k) => erased.has(hashKey(salt, k)));
  // An identity dropped for its email takes its events with it.
  const droppedRefs = new Set(
    records
      .filter((r) => r.kind === "identity" && isErased(r))
      .map((r) => identityKey(r.source, r.externalId)),
  );
  return records.filter(
    (r) =>
      !isErased(r) &&
      (r.kind === "identity" || !droppedRefs.has(identityKey(r.actor.source, r.actor.externalId))),
  );
}
