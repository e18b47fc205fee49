// Backup and restore round trip: every table's row count and content checksum survive.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { seedDemoCommunity } from "@/lib/services/demo";
import { backupDatabase, restoreDatabase, tableChecksum, tablesInDependencyOrder } from "./backup";

const db = useTestDatabase();
let dir: string;

async function checksums(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const out: Record<string, { rows: number; checksum: string }> = {};
    for (const t of await tablesInDependencyOrder(client)) out[t] = await tableChecksum(client, t);
    return out;
  } finally {
    await client.end();
  }
}

/** A hand-made backup file: gzipped lines. */
async function writeGzipped(file: string, lines: string[]) {
  await pipeline(Readable.from(lines.map((l) => `${l}\n`)), createGzip(), createWriteStream(file));
}

describe("backup and restore", () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "gs-backup-"));
    await truncateAll(db);
    await seedDemoCommunity(db, { members: 300, months: 6 });
    await db.member.update({
      where: { id: (await db.member.findFirstOrThrow()).id },
      data: { tags: ["quote'\"", "ünïcode"] },
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("restores exactly what was backed up, and new rows get fresh ids", async () => {
    const url = inject("databaseUrl");
    const before = await checksums(url);
    expect(before.members.rows).toBeGreaterThan(250);
    expect(before.activity_events.rows).toBeGreaterThan(1000);
    const file = path.join(dir, "backup.jsonl.gz");
    await backupDatabase(url, file);

    await db.member.deleteMany({});
    await db.member.create({ data: { displayName: "added after the backup" } });
    expect((await checksums(url)).members.rows).toBe(1);

    await restoreDatabase(url, file);
    expect(await checksums(url)).toEqual(before);
    const fresh = await db.member.create({ data: { displayName: "new after restore" } });
    expect(fresh.id).toBeGreaterThan(
      Math.max(
        ...(await db.member.findMany({ select: { id: true }, where: { NOT: { id: fresh.id } } })).map(
          (m) => m.id,
        ),
      ),
    );
  });

  it("refuses a file that is not a backup and leaves the data untouched", async () => {
    const url = inject("databaseUrl");
    const before = await checksums(url);
    const bogus = path.join(dir, "bogus.gz");
    await writeGzipped(bogus, ['{"format":"something-else"}']);
    await expect(restoreDatabase(url, bogus)).rejects.toThrow(/not a Groundswell backup/);
    expect(await checksums(url)).toEqual(before);
  });

  it("refuses a backup naming a table this database does not have, before any SQL uses the name", async () => {
    const url = inject("databaseUrl");
    const before = await checksums(url);
    const crafted = path.join(dir, "crafted.gz");
    const header = {
      format: "groundswell-backup",
      version: 1,
      createdAt: new Date().toISOString(),
      migrations: [],
      tables: [{ name: 'members" cascade; drop table members; --', rows: 0, checksum: "" }],
    };
    await writeGzipped(crafted, [JSON.stringify(header)]);
    await expect(restoreDatabase(url, crafted)).rejects.toThrow(/line 1: table .* is not in this database/);
    expect(await checksums(url)).toEqual(before);
  });
});
