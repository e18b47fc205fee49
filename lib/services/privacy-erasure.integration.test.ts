// #18 item 6: after erasing a member nothing of them is left behind — not in the audit log's
// details, not in the uploads folder, not in quarantined lines — and re-importing the same file
// does not bring them back (a salted-hash tombstone), while everyone else imports as before.
import { copyFile, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { resetEnvCache } from "@/lib/env";
import { FIXTURES, tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { jobQueue, QUEUES, stopJobQueue } from "@/lib/jobs/queue";
import { runImport } from "./imports/run-import";
import { runQueuedImport } from "./imports/run-queued";
import { queueImport, saveUpload, type ImportJob } from "./imports/upload";
import { recordAudit } from "./audit";
import { eraseMember } from "./privacy";

const db = openTestDatabase();
const admin = { id: 0, email: "admin@example.com", name: null, role: "admin" as const, timeZone: "UTC" };
let dataDir: string;

beforeAll(async () => {
  dataDir = await tempDir();
  process.env.GROUNDSWELL_DATA_DIR = dataDir;
  resetEnvCache();
});
afterAll(async () => {
  await stopJobQueue();
  delete process.env.GROUNDSWELL_DATA_DIR;
  resetEnvCache();
});
beforeEach(async () => {
  await truncateAll(db);
  admin.id = (
    await db.adminUser.create({ data: { email: admin.email, passwordHash: "x", role: "admin" } })
  ).id;
});

describe("erasure residue", () => {
  it("leaves no trace in the audit log, uploads or quarantine, and a re-import skips the erased person", async () => {
    const source = path.join(FIXTURES, "git-log-sample.txt");
    const fileText = await readFile(source, "utf8");
    // Through the uploads folder, as the Imports page does.
    const saved = await saveUpload(new Blob([fileText]).stream(), "git-log.tsv", 10_000_000);
    await queueImport(
      admin,
      { source: "git", file: saved.file, fileName: "git-log.tsv", repository: "acme/widgets" },
      saved.bytes,
    );
    const [job] = await (await jobQueue()).fetch<ImportJob>(QUEUES.importFile);
    expect((await runQueuedImport(job.data)).status).toBe("succeeded");
    const alice = await db.member.findFirstOrThrow({
      where: { identities: { some: { email: "alice@acme.io" } } },
    });
    const membersBefore = await db.member.count();
    const eventsBefore = await db.activityEvent.count();
    const aliceEvents = await db.activityEvent.count({ where: { memberId: alice.id } });
    // Outreach with notes and an outcome, recorded in the audit log as the services do.
    const outreach = await db.outreach.create({
      data: { memberId: alice.id, kind: "upgrade", note: "Alice Andersen said her budget is frozen" },
    });
    await recordAudit(admin, "outreach.update", "outreach", outreach.id, {
      changes: { notes: "Alice Andersen said her budget is frozen", outcome: "declined: alice@acme.io" },
    });
    await recordAudit(admin, "campaign.outreach", "campaign", 1, {
      memberId: alice.id,
      note: "Alice Andersen",
    });
    await recordAudit(admin, "member.tags.set", "member", alice.id, { added: ["alice-vip"] });
    const run = await db.importRun.create({
      data: { source: "csv", fileName: "x.csv", status: "succeeded" },
    });
    await db.quarantinedRow.create({
      data: {
        importRunId: run.id,
        file: "x.csv",
        line: 3,
        reason: "bad date",
        raw: "Alice Andersen,ALICE@acme.io,yesterday",
      },
    });

    // A row of the rankings' kept as-of inputs (no foreign key there): it goes with her.
    await db.$executeRaw`insert into ranking_asof_rows (member_id, inputs) values (${alice.id}, '[]')`;

    await eraseMember(admin, alice.id);
    expect(await db.$queryRaw`select 1 from ranking_asof_rows where member_id = ${alice.id}`).toHaveLength(0);

    // The audit log: no entry's details name her, though the entries (what happened) remain.
    const audit = await db.auditLog.findMany();
    const details = JSON.stringify(audit.map((a) => a.details)).toLowerCase();
    expect(details).not.toContain("alice");
    expect(audit.filter((a) => a.action === "outreach.update")).toHaveLength(1);
    // The uploads folder: the uploaded copy went when its import ended.
    const uploads = await readdir(path.join(dataDir, "uploads"));
    for (const f of uploads)
      expect((await readFile(path.join(dataDir, "uploads", f), "utf8")).toLowerCase()).not.toContain(
        "alice@acme.io",
      );
    // Quarantined lines holding her email are blanked.
    expect((await db.quarantinedRow.findFirstOrThrow({ where: { importRunId: run.id } })).raw).toBe(
      "[erased]",
    );
    // Tombstones hold hashes only.
    const tombstones = await db.erasureTombstone.findMany();
    expect(tombstones.length).toBeGreaterThan(0);
    expect(JSON.stringify(tombstones).toLowerCase()).not.toContain("alice");

    // Re-import the same file (a fresh copy): everyone else is a duplicate, she is not recreated.
    const again = path.join(dataDir, "again.tsv");
    await copyFile(source, again);
    const rerun = await runImport({ source: "git", file: again, repository: "acme/widgets", actor: null });
    expect(rerun.status).toBe("succeeded");
    expect(
      await db.member.count({ where: { identities: { some: { email: { in: ["alice@acme.io"] } } } } }),
    ).toBe(0);
    expect(await db.member.count()).toBe(membersBefore - 1);
    expect(await db.activityEvent.count()).toBe(eventsBefore - aliceEvents);
    expect(JSON.stringify(await db.identity.findMany()).toLowerCase()).not.toContain("alice");
  });
});
