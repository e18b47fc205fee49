// Open Collective's members export (members/all.csv, opencollective-rest's members.js columns, json2csv quoting) imported
// after the collective's transactions: the same people (keyed by profile slug), now with the GitHub account and email
// only this export names; an organisation stays one; a row without a profile URL is quarantined; re-imports add nothing.
import { beforeEach, describe, expect, it } from "vitest";
import { writeFile } from "node:fs/promises";
import path from "node:path";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { runImport } from "@/lib/services/imports/run-import";
import { importChecksum, memberOf, tableCounts } from "@/lib/services/imports/import-test-helpers";
import { CONTRIBUTION, currentExport } from "./__fixtures__/current-export";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));

const MEMBER_FIELDS = [
  "MemberId",
  "createdAt",
  "type",
  "role",
  "tier",
  "isActive",
  "totalAmountDonated",
  "currency",
  "lastTransactionAt",
  "lastTransactionAmount",
  "profile",
  "name",
  "company",
  "description",
  "image",
  "email",
  "newsletterOptIn",
  "twitter",
  "github",
  "website",
];
const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;
const member = (v: Record<string, string>) => MEMBER_FIELDS.map((f) => quote(v[f] ?? "")).join(",");

describe("Open Collective members export", () => {
  it("adds GitHub accounts and emails to the contributors the transactions made, quarantining a row without a profile", async () => {
    const dir = await tempDir();
    const transactions = path.join(dir, "transactions.csv");
    await writeFile(
      transactions,
      currentExport([
        CONTRIBUTION,
        { ...CONTRIBUTION, oppositeAccountSlug: "acme", oppositeAccountName: "Acme Widgets Inc." },
      ]),
    );
    const members = path.join(dir, "members-all.csv");
    const base = { createdAt: "2024-01-02 09:36", isActive: "true", currency: "USD" };
    await writeFile(
      members,
      [
        MEMBER_FIELDS.map(quote).join(","),
        member({
          ...base,
          MemberId: "1",
          type: "USER",
          role: "BACKER",
          tier: "Backer",
          profile: "https://opencollective.com/Ada",
          name: "Ada Lovelace",
          email: "Ada@Example.org",
          github: "https://github.com/ada-gh",
        }),
        member({
          ...base,
          MemberId: "2",
          type: "USER",
          role: "ADMIN",
          profile: "https://opencollective.com/ada",
          name: "Ada Lovelace",
        }),
        member({
          ...base,
          MemberId: "3",
          type: "ORGANIZATION",
          role: "BACKER",
          tier: "Gold Sponsor",
          profile: "https://opencollective.com/acme",
          name: "Acme Widgets Inc.",
        }),
        member({
          ...base,
          MemberId: "4",
          type: "USER",
          role: "FOLLOWER",
          profile: "not a url",
          name: "Nobody",
        }),
        member({
          ...base,
          MemberId: "5",
          type: "USER",
          role: "CONTRIBUTOR",
          profile: "https://opencollective.com/grace",
          name: "Grace",
          github: "https://github.com/grace-h",
        }),
      ].join("\n") + "\n",
    );
    expect(await runImport({ source: "opencollective", file: transactions })).toMatchObject({
      status: "succeeded",
    });
    const s = await runImport({ source: "opencollective", file: members });
    expect(s).toMatchObject({ status: "succeeded", read: 5, quarantined: 1, membersCreated: 1 });
    expect(await db.quarantinedRow.findFirstOrThrow({ select: { line: true, reason: true } })).toEqual({
      line: 5,
      reason: 'profile is not an opencollective.com profile URL: "not a url"',
    });
    // The email lands on the identity (a member made earlier keeps its primary email as it was: see docs).
    expect(
      await db.identity.findFirstOrThrow({ where: { source: "opencollective", externalId: "ada" } }),
    ).toMatchObject({ email: "ada@example.org", displayName: "Ada Lovelace" });
    expect(await memberOf(db, "opencollective", "acme")).toBeDefined();
    const claims = await db.identityClaim.findMany({
      where: { key: { startsWith: "h:github:" } },
      select: { key: true },
    });
    expect(claims.map((c) => c.key).sort()).toEqual(["h:github:ada-gh", "h:github:grace-h"]);
    expect(await tableCounts(db)).toMatchObject({ members: 3, identities: 3, payments: 2 });

    const sum = await importChecksum(db);
    expect(await runImport({ source: "opencollective", file: members })).toMatchObject({
      status: "succeeded",
    });
    expect(await runImport({ source: "opencollective", file: transactions })).toMatchObject({ imported: 0 });
    // members/all.json: the same rows as objects.
    const json = path.join(dir, "members-all.json");
    await writeFile(
      json,
      JSON.stringify([
        {
          MemberId: 1,
          createdAt: "2024-01-02 09:36",
          type: "USER",
          role: "BACKER",
          isActive: true,
          profile: "https://opencollective.com/ada",
          name: "Ada Lovelace",
          email: "ada@example.org",
          github: "https://github.com/ada-gh",
        },
        {
          MemberId: 5,
          createdAt: "2024-01-02 09:36",
          type: "USER",
          role: "CONTRIBUTOR",
          isActive: true,
          profile: "https://opencollective.com/grace",
          name: "Grace",
          email: null,
          github: "https://github.com/grace-h",
        },
      ]),
    );
    expect(await runImport({ source: "opencollective", file: json })).toMatchObject({
      status: "succeeded",
      read: 2,
      quarantined: 0,
      membersCreated: 0,
    });
    expect(await importChecksum(db)).toBe(sum);
  });
});
