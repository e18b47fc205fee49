// Applying every migration to an empty database must give exactly prisma/schema.prisma:
// the migrated database's catalogs are compared with a database built straight from the schema.
import { readFile } from "node:fs/promises";
import { describe, expect, inject, it } from "vitest";
import { applyMigrations, diffDatamodels, SCHEMA_PATH } from "@/lib/db/migrate";
import { ensureDatabase, dropDatabase } from "@/lib/db/embedded";
import { executeScript, schemaFingerprint } from "@/lib/db/schema-fingerprint";

describe("migrations", () => {
  it("build exactly the schema in schema.prisma", async () => {
    const url = inject("databaseUrl");
    const adminUrl = inject("adminDatabaseUrl");
    const direct = "groundswell_schema_direct";
    await dropDatabase(adminUrl, direct);
    await ensureDatabase(adminUrl, direct);
    const directUrl = adminUrl.replace(/\/postgres$/, `/${direct}`);
    try {
      await executeScript(directUrl, await diffDatamodels(url, null, await readFile(SCHEMA_PATH, "utf8")));
      const [migrated, expected] = [await schemaFingerprint(url), await schemaFingerprint(directUrl)];
      expect(migrated.length).toBeGreaterThan(50);
      // Views are written in migrations only (schema.prisma has no view): the one there is, and nothing else.
      expect(migrated).toEqual([...expected, "view ranked_score_snapshots"].sort());
    } finally {
      await dropDatabase(adminUrl, direct);
    }
  });

  it("apply nothing the second time", async () => {
    expect(await applyMigrations(inject("databaseUrl"))).toEqual([]);
  });
});
