// #18 item 7: the public report's opt-out can be set by the canonical members import, the API and
// the member page's action (same service), and do-not-contact members are never named publicly.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { hashToken } from "@/lib/auth/api-token";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { stopJobQueue } from "@/lib/jobs/queue";
import { monthlyReport } from "@/lib/data/reports";
import { ensureDefaultActivityTypes } from "./activity-types";
import { runImport } from "./imports/run-import";
import { PATCH } from "@/app/api/v1/members/[id]/route";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));
afterAll(() => stopJobQueue());

describe("public report consent", () => {
  it("keeps opted-out and do-not-contact members off the public report; the import and the API set the opt-out", async () => {
    await ensureDefaultActivityTypes();
    const dir = await tempDir();
    const members = path.join(dir, "members.csv");
    await writeFile(
      members,
      [
        "member_key,name,email,joined_at,do_not_contact,public_opt_out",
        "m-1,Olga Optout,olga@example.org,2026-01-03,no,yes",
        "m-2,Dan Dnc,dan@example.org,2026-01-04,yes,no",
        "m-3,Carol Visible,carol@example.org,2026-01-05,,",
      ].join("\n"),
    );
    expect(await runImport({ source: "csv", file: members })).toMatchObject({
      status: "succeeded",
      imported: 3,
    });
    const events = path.join(dir, "events.csv");
    await writeFile(
      events,
      [
        "source,external_id,actor_source,actor_external_id,type,occurred_at",
        ...["m-1", "m-2", "m-3"].flatMap((m) =>
          [1, 2].map((i) => `forum,${m}-${i},csv,${m},message,2026-01-1${i}T10:00:00Z`),
        ),
      ].join("\n"),
    );
    expect(await runImport({ source: "csv", file: events })).toMatchObject({
      status: "succeeded",
      imported: 6,
    });
    expect(await db.member.findFirstOrThrow({ where: { displayName: "Olga Optout" } })).toMatchObject({
      publicOptOut: true,
      doNotContact: false,
    });

    const internal = JSON.stringify(await monthlyReport("2026-01"));
    for (const name of ["Olga Optout", "Dan Dnc", "Carol Visible"]) expect(internal).toContain(name);
    const published = JSON.stringify(await monthlyReport("2026-01", { publicOnly: true }));
    expect(published).not.toContain("Olga Optout");
    expect(published).not.toContain("Dan Dnc");
    expect(published).toContain("Carol Visible");

    // Through the API, with a write token.
    const admin = await db.adminUser.create({
      data: { email: "a@example.org", passwordHash: "x", role: "admin" },
    });
    await db.apiToken.create({
      data: {
        name: "t",
        scopes: ["events:write"],
        createdById: admin.id,
        tokenHash: hashToken("gsw_consent"),
        prefix: "gsw_consen",
      },
    });
    const carol = await db.member.findFirstOrThrow({ where: { displayName: "Carol Visible" } });
    const patch = (body: unknown) =>
      PATCH(
        new Request(`http://localhost/api/v1/members/${carol.id}`, {
          method: "PATCH",
          headers: { authorization: "Bearer gsw_consent" },
          body: JSON.stringify(body),
        }),
      );
    expect((await patch({ public_opt_out: "yes" })).status).toBe(400);
    const res = await patch({ public_opt_out: true });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: carol.id, public_opt_out: true, do_not_contact: false });
    expect(JSON.stringify(await monthlyReport("2026-01", { publicOnly: true }))).not.toContain(
      "Carol Visible",
    );
    expect(await db.auditLog.count({ where: { action: "member.consent", entityId: String(carol.id) } })).toBe(
      1,
    );
  });
});
