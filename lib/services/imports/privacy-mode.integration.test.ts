// PRIVACY_MODE=1: no email address is stored anywhere (identities, members, git author ids, names),
// yet people are still joined across sources by the salted hash.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import path from "node:path";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { resetEnvCache } from "@/lib/env";
import { FIXTURES } from "@/lib/ingest/__fixtures__/test-helpers";
import { runImport } from "./run-import";

const db = openTestDatabase();
beforeAll(() => {
  process.env.PRIVACY_MODE = "1";
  resetEnvCache();
});
afterAll(() => {
  delete process.env.PRIVACY_MODE;
  resetEnvCache();
});
beforeEach(() => truncateAll(db));

describe("privacy mode", () => {
  it("keeps only hashes, and still joins Slack and git by email", async () => {
    await runImport({ source: "slack", file: path.join(FIXTURES, "slack-export") });
    const git = await runImport({ source: "git", file: path.join(FIXTURES, "git-log-sample.txt") });
    expect(git).toMatchObject({ status: "succeeded", imported: 6, identitiesLinked: 3 }); // Alice, Bob, Dave by hash
    const leaks = await db.$queryRaw<{ n: number }[]>`
      select (select count(*) from identities where email is not null or external_id like '%@%' or handle like '%@%' or display_name like '%@%')::int
           + (select count(*) from members where primary_email is not null or display_name like '%@%')::int as n`;
    expect(leaks[0].n).toBe(0);
    expect(await db.identity.count({ where: { emailHash: { not: null } } })).toBeGreaterThanOrEqual(7);
    const alice = await db.identity.findFirstOrThrow({ where: { source: "slack", externalId: "U01ALICE" } });
    const aliceCommits = await db.activityEvent.count({ where: { memberId: alice.memberId, source: "git" } });
    expect(aliceCommits).toBe(2);
    // Re-running still finds the hashed git identities: nothing new.
    expect(await runImport({ source: "git", file: path.join(FIXTURES, "git-log-sample.txt") })).toMatchObject(
      { imported: 0, membersCreated: 0 },
    );
  });
});
