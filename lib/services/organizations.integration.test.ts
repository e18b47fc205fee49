// Organisations end to end on a real database: the credit rule (dates, identity domain, merges),
// partner eligibility with its evidence, manual contributions and payments, and the public report.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { ensureDefaultActivityTypes } from "./activity-types";
import {
  addCocFlag,
  ensureDefaultPppRates,
  mergeOrganizations,
  recordManualPayment,
  saveAffiliation,
  setPppRate,
  updateOrganization,
} from "./organizations";
import { creditManualContribution, updateActivityType } from "./contributions";
import { refreshOrgDailyCredits } from "./org-credits";
import { listOrganizations, orgMonthlyCounts, organizationDetail } from "@/lib/data/organizations";
import { monthlyReport } from "@/lib/data/reports";

const db = useTestDatabase();
const ADMIN = { id: 1, email: "admin@test" };
let seq = 0;

async function org(name: string, domain: string) {
  return db.organization.create({ data: { name, slug: domain, domains: { create: { domain } } } });
}
async function member(name: string, extra: { publicOptOut?: boolean } = {}) {
  return db.member.create({ data: { displayName: name, ...extra } });
}
async function identity(memberId: number, email: string) {
  return db.identity.create({
    data: {
      memberId,
      source: "git",
      externalId: email,
      email,
      profile: { organizationDomain: email.split("@")[1] },
    },
  });
}
async function commit(memberId: number, at: string, identityId?: number, type = "commit") {
  await db.activityEvent.create({
    data: { memberId, identityId, source: "git", externalId: `e${++seq}`, type, occurredAt: new Date(at) },
  });
}
const affiliate = (
  memberId: number,
  orgId: number,
  startsAt: string,
  endsAt: string | null,
  origin = "email-domain",
) =>
  db.affiliation.create({
    data: { memberId, orgId, startsAt: new Date(startsAt), endsAt: endsAt ? new Date(endsAt) : null, origin },
  });
/** The Organisations list's partner status for one organisation, and whether its filter keeps it. */
async function listedStatus(orgId: number, month: string) {
  const page = { sorting: [], pageIndex: 0, pageSize: 50, month };
  const row = (await listOrganizations(page)).rows.find((r) => r.id === orgId);
  const filtered = await listOrganizations({ ...page, partner: row!.partnerStatus });
  return { status: row!.partnerStatus, kept: filtered.rows.some((r) => r.id === orgId) };
}
const countsOf = async (orgId: number) =>
  Object.fromEntries(
    (await orgMonthlyCounts("2024-01", "2024-06", [orgId])).map((c) => [c.month, c.contributions]),
  );

beforeEach(async () => {
  await truncateAll(db);
  await ensureDefaultActivityTypes();
});

describe("crediting events to organisations", () => {
  it("keeps work for a former employer with that employer", async () => {
    const [acme, globex] = [await org("Acme", "acme.com"), await org("Globex", "globex.com")];
    const ada = await member("Ada");
    await affiliate(ada.id, acme.id, "2020-01-01", "2024-03-01");
    await affiliate(ada.id, globex.id, "2024-03-01", null);
    for (const at of ["2024-01-10", "2024-02-10", "2024-03-10", "2024-04-10", "2024-04-11"])
      await commit(ada.id, at);
    expect(await countsOf(acme.id)).toEqual({ "2024-01": 1, "2024-02": 1 });
    expect(await countsOf(globex.id)).toEqual({ "2024-03": 1, "2024-04": 2 });
  });

  it("uses the identity's email domain when two affiliations overlap, and an admin's fix of the dates", async () => {
    const [acme, globex] = [await org("Acme", "acme.com"), await org("Globex", "globex.com")];
    const ada = await member("Ada");
    const acmeMail = await identity(ada.id, "ada@eu.acme.com");
    const globexMail = await identity(ada.id, "ada@globex.com");
    await affiliate(ada.id, acme.id, "1970-01-01", null);
    const toGlobex = await affiliate(ada.id, globex.id, "1970-01-01", null);
    await commit(ada.id, "2024-01-05", acmeMail.id);
    await commit(ada.id, "2024-01-06", globexMail.id);
    await commit(ada.id, "2024-01-07", globexMail.id);
    await commit(ada.id, "2024-01-08");
    // The event without an identity goes by origin, then start, then the older affiliation: Acme.
    expect(await countsOf(acme.id)).toEqual({ "2024-01": 2 });
    expect(await countsOf(globex.id)).toEqual({ "2024-01": 2 });
    // The admin ends the Globex affiliation before January: its events fall back to Acme.
    await saveAffiliation(ADMIN, {
      id: toGlobex.id,
      memberId: ada.id,
      orgId: globex.id,
      startsAt: new Date("1970-01-01"),
      endsAt: new Date("2023-12-01"),
    });
    expect(await countsOf(acme.id)).toEqual({ "2024-01": 4 });
    expect(await db.auditLog.count({ where: { action: "affiliation.update" } })).toBe(1);
  });

  it("merges two organisations into the survivor", async () => {
    const [acme, acmeInc] = [await org("Acme", "acme.com"), await org("Acme Inc", "acme-inc.com")];
    const [ada, bob] = [await member("Ada"), await member("Bob")];
    await affiliate(ada.id, acme.id, "2020-01-01", null);
    await affiliate(bob.id, acmeInc.id, "2020-01-01", null);
    await commit(ada.id, "2024-02-01");
    await commit(bob.id, "2024-02-02");
    await recordManualPayment(ADMIN, {
      orgId: acmeInc.id,
      amount: 100,
      currency: "usd",
      occurredAt: new Date("2024-02-01"),
      yearly: false,
    });
    await addCocFlag(ADMIN, { orgId: acmeInc.id, occurredAt: new Date("2024-01-01"), note: "spam" });
    const result = await mergeOrganizations(ADMIN, { survivorId: acme.id, mergedId: acmeInc.id });
    expect(result).toMatchObject({ domains: 1, affiliations: 1, payments: 1, cocFlags: 1 });
    expect((await db.organization.findUnique({ where: { id: acmeInc.id } }))!.mergedIntoId).toBe(acme.id);
    expect(await countsOf(acme.id)).toEqual({ "2024-02": 2 });
    expect(
      (await db.organizationDomain.findMany({ where: { orgId: acme.id } })).map((d) => d.domain).sort(),
    ).toEqual(["acme-inc.com", "acme.com"]);
    await expect(updateOrganization(ADMIN, { id: acmeInc.id, name: "x", country: null })).rejects.toThrow(
      /merged/,
    );
    expect(await db.auditLog.count({ where: { action: "organization.merge" } })).toBe(1);
  });

  it("counts only the types an admin marks as contributions, and manual contributions", async () => {
    const acme = await org("Acme", "acme.com");
    const ada = await member("Ada");
    await affiliate(ada.id, acme.id, "2020-01-01", null);
    await commit(ada.id, "2024-01-03", undefined, "message");
    expect(await countsOf(acme.id)).toEqual({ "2024-01": 0 });
    await updateActivityType(ADMIN, { type: "message", weight: 1, isContribution: true });
    expect(await countsOf(acme.id)).toEqual({ "2024-01": 1 });
    await creditManualContribution(ADMIN, {
      memberId: ada.id,
      occurredAt: new Date("2024-01-20"),
      note: "ran the sprint",
    });
    expect(await countsOf(acme.id)).toEqual({ "2024-01": 2 });
    const manual = await db.activityEvent.findFirstOrThrow({ where: { source: "manual" } });
    expect(manual).toMatchObject({ type: "manual_contribution", properties: { note: "ran the sprint" } });
    expect(manual.externalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await db.weeklyActivity.count({ where: { memberId: ada.id } })).toBeGreaterThan(0);
  });
});

describe("partner eligibility", () => {
  async function partner(country: string | null) {
    const acme = await db.organization.create({ data: { name: "Acme", slug: "acme.com", country } });
    const ada = await member("Ada");
    await affiliate(ada.id, acme.id, "2020-01-01", null);
    for (const at of ["2024-01-10", "2024-02-10", "2024-03-10"]) await commit(ada.id, at);
    return acme;
  }

  it("is eligible with three months of work, $100/month and no flags", async () => {
    const acme = await partner("US");
    for (const at of ["2024-01-15", "2024-02-15", "2024-03-15"])
      await recordManualPayment(ADMIN, {
        orgId: acme.id,
        amount: 100,
        currency: "usd",
        occurredAt: new Date(at),
        yearly: false,
      });
    const detail = await organizationDetail(acme.id, "2024-03");
    expect(detail!.eligibility.status).toBe("eligible");
    expect(await listedStatus(acme.id, "2024-03")).toEqual({ status: "eligible", kept: true });
    expect(detail!.series).toHaveLength(12);
    expect(detail!.series.at(-1)).toEqual({ month: "2024-03", contributions: 1, activity: 0 });
    // A CoC flag within 12 months takes it away; it was eligible before, so it has lapsed.
    await addCocFlag(ADMIN, {
      orgId: acme.id,
      occurredAt: new Date("2024-03-20"),
      note: "harassment report",
    });
    const flagged = await organizationDetail(acme.id, "2024-03");
    expect(flagged!.eligibility.status).toBe("not_yet");
    expect(flagged!.eligibility.rules.find((r) => r.rule === "conduct")!.passed).toBe(false);
    expect(await listedStatus(acme.id, "2024-03")).toEqual({ status: "not_yet", kept: true });
  });

  it("adjusts the minimum by the country's PPP factor, which admins can edit", async () => {
    const acme = await partner("IN");
    await ensureDefaultPppRates();
    expect(await db.pppRate.count()).toBeGreaterThan(40);
    await recordManualPayment(ADMIN, {
      orgId: acme.id,
      amount: 600,
      currency: "usd",
      occurredAt: new Date("2024-01-01"),
      yearly: true,
    });
    expect((await organizationDetail(acme.id, "2024-03"))!.eligibility.status).toBe("eligible");
    await setPppRate(ADMIN, { country: "IN", factor: 0.6 });
    const detail = await organizationDetail(acme.id, "2024-03");
    expect(detail!.eligibility.monthlyMinimumCents).toBe(6_000);
    expect(detail!.eligibility.status).toBe("not_yet");
  });

  it("counts an Open Collective backer member's payments and reports a lapse", async () => {
    const acme = await partner(null);
    const backer = await member("Acme");
    await db.identity.create({
      data: { memberId: backer.id, source: "opencollective", externalId: "acme", displayName: "Acme" },
    });
    await affiliate(backer.id, acme.id, "2020-01-01", null, "profile");
    for (const [i, at] of ["2024-01-05", "2024-02-05", "2024-03-05"].entries()) {
      await db.payment.create({
        data: {
          memberId: backer.id,
          source: "opencollective",
          externalId: `p${i}`,
          amountCents: 10_000,
          currency: "usd",
          status: "paid",
          kind: "recurring",
          occurredAt: new Date(at),
        },
      });
    }
    expect((await organizationDetail(acme.id, "2024-03"))!.eligibility.status).toBe("eligible");
    const april = (await organizationDetail(acme.id, "2024-04"))!;
    expect(april.eligibility.status).toBe("lapsed");
    expect(april.eligibility.lastEligibleMonth).toBe("2024-03");
    expect(april.payments.every((p) => p.via === "backer")).toBe(true);
    expect(await listedStatus(acme.id, "2024-04")).toEqual({ status: "lapsed", kept: true });
    const eligibleInApril = await listOrganizations({
      sorting: [],
      pageIndex: 0,
      pageSize: 50,
      month: "2024-04",
      partner: "eligible",
    });
    expect(eligibleInApril.rows.map((r) => r.id)).not.toContain(acme.id);
  });
});

describe("public report", () => {
  it("leaves out people who opted out but keeps the totals", async () => {
    const [ada, eve] = [await member("Ada"), await member("Eve Private", { publicOptOut: true })];
    await commit(ada.id, "2024-05-02");
    await commit(eve.id, "2024-05-03");
    await commit(eve.id, "2024-05-04");
    const internal = await monthlyReport("2024-05");
    const pub = await monthlyReport("2024-05", { publicOnly: true });
    expect(internal.topContributors.map((c) => c.name)).toEqual(["Eve Private", "Ada"]);
    expect(pub.topContributors.map((c) => c.name)).toEqual(["Ada"]);
    expect(pub.totals.contributions).toBe(3);
    expect(JSON.stringify(pub)).not.toContain("Eve Private");
  });
});

describe("stored daily credits", () => {
  it("give the same counts as crediting live, with today and later edits read live", async () => {
    const acme = await org("Acme", "acme.com");
    const globex = await org("Globex", "globex.com");
    const ada = await member("Ada");
    const bob = await member("Bob");
    const adaAcme = await identity(ada.id, "ada@acme.com");
    await affiliate(ada.id, acme.id, "2024-01-01", null);
    await affiliate(ada.id, globex.id, "2024-02-10", "2024-04-01", "profile");
    await affiliate(bob.id, globex.id, "2024-01-01", null);
    // The refresh below runs at noon on the 20th: its row for that day holds the morning, the afternoon is live.
    for (const at of [
      "2024-01-05",
      "2024-02-15",
      "2024-03-01T10:00:00Z",
      "2024-03-20",
      "2024-03-20T15:00:00Z",
    ]) {
      await commit(ada.id, at, adaAcme.id);
      await commit(ada.id, at);
      await commit(bob.id, at);
    }
    const live = await orgMonthlyCounts("2024-01", "2024-04");
    const sorted = (rows: typeof live) =>
      [...rows].sort((a, b) => a.orgId - b.orgId || a.month.localeCompare(b.month));
    const stored = await refreshOrgDailyCredits({ now: new Date("2024-03-20T12:00:00Z") });
    expect(stored.rows).toBeGreaterThan(0);
    // Days to noon on 20 March come from the store, the afternoon live: the same numbers.
    expect(sorted(await orgMonthlyCounts("2024-01", "2024-04"))).toEqual(sorted(live));
    // A later affiliation edit changes the signature: the store is not used until the next refresh.
    await affiliate(bob.id, acme.id, "2024-03-01", null, "manual");
    const afterEdit = await orgMonthlyCounts("2024-03", "2024-03", [acme.id]);
    expect(afterEdit[0].contributions).toBe(
      // Bob's three March commits now go to Acme (a manual affiliation wins over his Globex one).
      live.find((c) => c.orgId === acme.id && c.month === "2024-03")!.contributions + 3,
    );
    const again = await refreshOrgDailyCredits({ now: new Date("2024-03-20T12:00:00Z") });
    expect(again.from?.toISOString()).toBe("1970-01-01T00:00:00.000Z");
    expect(await orgMonthlyCounts("2024-03", "2024-03", [acme.id])).toEqual(afterEdit);
    // An import of older events is picked up from its oldest day.
    await commit(bob.id, "2024-02-01");
    const incremental = await refreshOrgDailyCredits({ now: new Date("2024-03-20T12:00:00Z") });
    expect(incremental.from?.toISOString()).toBe("2024-02-01T00:00:00.000Z");
  });
  it("credit an event an import committed late, under a lower id than one already counted", async () => {
    const acme = await org("Acme", "acme.com");
    const ada = await member("Ada");
    await affiliate(ada.id, acme.id, "2024-01-01", null);
    await commit(ada.id, "2024-03-01");
    await refreshOrgDailyCredits({ now: new Date("2024-03-20T12:00:00Z") });
    // A long import draws its event's id first and commits after a later event and a refresh.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let drawn!: () => void;
    const idDrawn = new Promise<void>((resolve) => (drawn = resolve));
    const slowImport = db.$transaction(async (tx) => {
      await tx.activityEvent.create({
        data: {
          memberId: ada.id,
          source: "git",
          externalId: "late",
          type: "commit",
          occurredAt: new Date("2024-02-01"),
        },
      });
      drawn();
      await held;
    });
    await idDrawn;
    await commit(ada.id, "2024-03-02");
    const during = await refreshOrgDailyCredits({ now: new Date("2024-03-20T12:00:00Z") });
    expect(during.from?.toISOString()).toBe("2024-03-02T00:00:00.000Z");
    release();
    await slowImport;
    const after = await refreshOrgDailyCredits({ now: new Date("2024-03-20T12:00:00Z") });
    expect(after.from?.toISOString()).toBe("2024-02-01T00:00:00.000Z");
    expect(await countsOf(acme.id)).toMatchObject({ "2024-02": 1, "2024-03": 2 });
  });
});
