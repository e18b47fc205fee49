// Merging B into A on a real database, the one rule an admin expects: A's page and the Organisations list then
// show B's people and B's contributions, each once. Member counts, the affiliations table and credits follow
// the merge alike, even for an affiliation left on B (an import racing the merge) or a member of both.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { ensureDefaultActivityTypes } from "./activity-types";
import { mergeOrganizations } from "./organizations";
import { refreshOrgDailyCredits } from "./org-credits";
import { listOrganizations, organizationDetail } from "@/lib/data/organizations";

const db = useTestDatabase();
const ADMIN = { id: 1, email: "admin@test" };

beforeEach(async () => {
  await truncateAll(db);
  await ensureDefaultActivityTypes();
});

describe("merging organisations", () => {
  it("gives the survivor the merged one's people and contributions, once each, on its page and the list", async () => {
    const at = new Date(Date.now() - 1000);
    const month = at.toISOString().slice(0, 7);
    const [acme, acmeInc] = await Promise.all(
      ["acme", "acme-inc"].map((slug) => db.organization.create({ data: { name: slug, slug } })),
    );
    const affiliate = (memberId: number, orgId: number, startsAt: string, endsAt: string | null = null) =>
      db.affiliation.create({
        data: {
          memberId,
          orgId,
          startsAt: new Date(startsAt),
          endsAt: endsAt && new Date(endsAt),
          origin: "import",
        },
      });
    const person = async (name: string) => {
      const m = await db.member.create({ data: { displayName: name } });
      await db.activityEvent.create({
        data: { memberId: m.id, source: "git", externalId: name, type: "commit", occurredAt: at },
      });
      return m;
    };
    const [ada, bob, cy, dee, eve] = await Promise.all(["Ada", "Bob", "Cy", "Dee", "Eve"].map(person));
    await affiliate(ada.id, acme.id, "2020-01-01");
    await affiliate(bob.id, acmeInc.id, "2020-01-01");
    // Cy belongs to both; Dee's Acme affiliation ended where her Acme Inc one, from the same day, did not.
    await affiliate(cy.id, acme.id, "2020-01-01");
    await affiliate(cy.id, acmeInc.id, "2022-06-01");
    await affiliate(dee.id, acme.id, "2021-01-01", "2022-01-01");
    await affiliate(dee.id, acmeInc.id, "2021-01-01");

    await mergeOrganizations(ADMIN, { survivorId: acme.id, mergedId: acmeInc.id });
    // An import that read Acme Inc before the merge committed leaves Eve's affiliation on it.
    await affiliate(eve.id, acmeInc.id, "2023-01-01");
    await refreshOrgDailyCredits();

    const detail = (await organizationDetail(acme.id, month))!;
    const people = detail.affiliations.map((a) => a.memberName).sort();
    expect(people).toEqual(["Ada", "Bob", "Cy", "Dee", "Eve"]);
    expect(detail.affiliationTotal).toBe(5);
    expect(detail.affiliations.find((a) => a.memberId === dee.id)?.endsAt).toBeNull();
    expect(detail.currentMembers).toBe(5);
    expect(detail.series.at(-1)).toMatchObject({ month, contributions: 5 });

    const list = await listOrganizations({ sorting: [], pageIndex: 0, pageSize: 50, month });
    expect(list.rows.map((r) => r.id)).toEqual([acme.id]);
    expect(list.rows[0]).toMatchObject({ members: 5, contributions: 5 });
  });
});
