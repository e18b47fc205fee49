// Member page reads against a real PostgreSQL: profile, weekly timeline with markers, the event
// feed's cursor paging, and the audited notes and tags writes.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { addMemberNote, setMemberTags } from "@/lib/services/members";
import { NotFoundError } from "@/lib/services/errors";
import { eventCursorSchema } from "@/lib/validation/members";
import { memberEvents, memberProfile, memberTimeline, PAYMENTS_SHOWN } from "./member-detail";

const db = useTestDatabase();
beforeEach(() => truncateAll(db));

const at = (iso: string) => new Date(iso);

async function seedMember() {
  const admin = await db.adminUser.create({
    data: { email: "admin@x.test", passwordHash: "x", role: "admin" },
  });
  const org = await db.organization.create({ data: { name: "Acme", slug: "acme" } });
  const m = await db.member.create({
    data: { displayName: "<b>Eve</b>", primaryEmail: "eve@example.com", tags: ["speaker"] },
  });
  await db.identity.create({ data: { memberId: m.id, source: "slack", externalId: "U9", handle: "eve" } });
  await db.affiliation.create({
    data: { memberId: m.id, orgId: org.id, startsAt: at("2024-01-01T00:00:00Z"), origin: "manual" },
  });
  const sub = await db.subscription.create({
    data: {
      memberId: m.id,
      source: "stripe",
      externalId: "s1",
      status: "active",
      startedAt: at("2025-03-05T10:00:00Z"),
    },
  });
  await db.subscriptionChange.createMany({
    data: [
      {
        subscriptionId: sub.id,
        memberId: m.id,
        source: "stripe",
        externalId: "c1",
        kind: "new",
        fromTier: 0,
        toTier: 1,
        toPlanKey: "premium",
        mrrAfterCents: 1500,
        occurredAt: at("2025-03-05T10:00:00Z"),
      },
      {
        subscriptionId: sub.id,
        memberId: m.id,
        source: "stripe",
        externalId: "c2",
        kind: "downgrade",
        fromTier: 1,
        toTier: 0,
        toPlanKey: "free",
        mrrBeforeCents: 1500,
        occurredAt: at("2025-03-20T10:00:00Z"),
      },
    ],
  });
  await db.payment.create({
    data: {
      memberId: m.id,
      source: "stripe",
      externalId: "p1",
      amountCents: 1500,
      currency: "usd",
      status: "failed",
      kind: "subscription",
      occurredAt: at("2025-03-12T00:00:00Z"),
    },
  });
  await db.outreach.create({
    data: { memberId: m.id, kind: "upgrade", contactedAt: at("2025-02-26T09:00:00Z") },
  });
  // 120 events, one every 12 hours from Mon 2025-02-24, alternating slack and github.
  await db.activityEvent.createMany({
    data: Array.from({ length: 120 }, (_, i) => ({
      memberId: m.id,
      source: i % 2 ? "github" : "slack",
      externalId: `e${i}`,
      type: "message",
      occurredAt: new Date(at("2025-02-24T06:00:00Z").getTime() + i * 12 * 3_600_000),
      properties: { title: `t${i}`, nested: { x: 1 } },
    })),
  });
  await db.$executeRaw`insert into weekly_activity (member_id, week_start, source, events, weight)
    select member_id, date_trunc('week', occurred_at at time zone 'UTC')::date, source, count(*), sum(weight) from activity_events group by 1, 2, 3`;
  return { admin, m };
}

describe("memberProfile", () => {
  it("returns the member with identities, organisations, plan history and counts; null for unknown ids", async () => {
    const { m } = await seedMember();
    const p = (await memberProfile(m.id))!;
    expect(p.displayName).toBe("<b>Eve</b>");
    expect(p.identities.map((i) => i.handle)).toEqual(["eve"]);
    expect(p.affiliations[0].org.name).toBe("Acme");
    expect(p.changes.map((c) => c.kind)).toEqual(["downgrade", "new"]);
    expect(p.eventCount).toBe(120);
    expect(await memberProfile(m.id + 999)).toBeNull();
  });

  it("lists a one-off donor's payments, newest first, and says how many there are beyond the newest shown", async () => {
    const donor = await db.member.create({ data: { displayName: "Donor" } });
    await db.payment.createMany({
      data: Array.from({ length: PAYMENTS_SHOWN + 3 }, (_, i) => ({
        memberId: donor.id,
        source: "opencollective",
        externalId: `oc-${i}`,
        amountCents: 250 + i,
        currency: "USD",
        status: "paid",
        kind: "one_time",
        occurredAt: new Date(at("2021-01-01T00:00:00Z").getTime() + i * 86_400_000),
      })),
    });
    const p = (await memberProfile(donor.id))!;
    expect(p.changes).toEqual([]);
    expect(p.paymentCount).toBe(PAYMENTS_SHOWN + 3);
    expect(p.payments).toHaveLength(PAYMENTS_SHOWN);
    expect(p.payments[0]).toMatchObject({ amountCents: 250 + PAYMENTS_SHOWN + 2, source: "opencollective" });
    expect((await memberProfile((await seedMember()).m.id))!.paymentCount).toBe(1);
  });

  it("says a member pays only through a billing source that stopped long ago, as the Overview leaves them out", async () => {
    const recent = new Date(Date.now() - 86_400_000);
    const other = await db.member.create({ data: { displayName: "Active" } });
    await db.activityEvent.create({
      data: { memberId: other.id, source: "slack", externalId: "now", type: "message", occurredAt: recent },
    });
    const backer = await db.member.create({
      data: { displayName: "Backer", currentTier: 2, currentMrrCents: 500 },
    });
    const subscribe = (source: string, externalId: string, lastPaid: Date, mrrCents = 0) =>
      Promise.all([
        db.subscription.create({
          data: {
            memberId: backer.id,
            source,
            externalId,
            mrrCents,
            status: "active",
            startedAt: at("2020-01-01T00:00:00Z"),
          },
        }),
        db.payment.create({
          data: {
            memberId: backer.id,
            source,
            externalId: `${externalId}-p`,
            amountCents: 500,
            currency: "usd",
            status: "paid",
            kind: "subscription",
            occurredAt: lastPaid,
          },
        }),
      ]);
    await subscribe("opencollective", "oc-1", at("2021-12-30T00:00:00Z"), 500);
    expect(await memberProfile(backer.id)).toMatchObject({
      payingOnlyThroughStopped: { source: "opencollective", dataThrough: at("2021-12-30T00:00:00Z") },
      countedMrrCents: 0,
    });
    // A subscription from a source that is current: paying, as everywhere else, with only its MRR counted.
    await subscribe("stripe", "sub-1", recent, 300);
    await db.member.update({ where: { id: backer.id }, data: { currentMrrCents: 800 } });
    expect(await memberProfile(backer.id)).toMatchObject({
      payingOnlyThroughStopped: null,
      countedMrrCents: 300,
    });
  });

  it("names the same current organisation as the lists: the newest affiliation that holds now, ended or not later", async () => {
    const { m } = await seedMember();
    expect((await memberProfile(m.id))!.currentOrganization?.name).toBe("Acme");
    const beta = await db.organization.create({ data: { name: "Beta", slug: "beta" } });
    await db.affiliation.create({
      data: {
        memberId: m.id,
        orgId: beta.id,
        startsAt: at("2025-01-01T00:00:00Z"),
        endsAt: new Date(Date.now() + 30 * 86_400_000),
        origin: "manual",
      },
    });
    expect((await memberProfile(m.id))!.currentOrganization?.name).toBe("Beta");
    await db.affiliation.updateMany({
      where: { orgId: beta.id },
      data: { endsAt: at("2025-02-01T00:00:00Z") },
    });
    expect((await memberProfile(m.id))!.currentOrganization?.name).toBe("Acme");
  });
});

describe("memberTimeline", () => {
  it("gives weekly events by source with gap weeks and upgrade/downgrade/outreach/payment markers", async () => {
    const { m } = await seedMember();
    const t = await memberTimeline(m.id, "12w", at("2025-06-01T00:00:00Z"));
    // Ends at the week of the latest event in the database (Sun 2025-04-23 → Mon 2025-04-21), 12 weeks back.
    expect(t.to).toBe("2025-04-21");
    expect(t.weeks).toHaveLength(12);
    expect(t.sources).toEqual(["github", "slack"]);
    const first = t.weeks.find((w) => w.week === "2025-02-24")!;
    expect(Number(first.slack) + Number(first.github)).toBe(14);
    expect(t.weeks.find((w) => w.week === "2025-02-03")).toMatchObject({ slack: 0, github: 0 });
    expect(t.markers.map((x) => [x.week, x.type])).toEqual([
      ["2025-02-24", "outreach"],
      ["2025-03-03", "upgrade"],
      ["2025-03-10", "payment_failure"],
      ["2025-03-17", "downgrade"],
    ]);
    const all = await memberTimeline(m.id, "all", at("2025-06-01T00:00:00Z"));
    expect(all.from).toBe("2025-02-24");
  });
});

describe("memberEvents", () => {
  it("pages newest first by cursor without gaps or repeats", async () => {
    const { m } = await seedMember();
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await memberEvents(m.id, cursor ? eventCursorSchema.parse(cursor) : null, 50);
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(120);
    const first = await memberEvents(m.id, null, 2);
    expect(first.events[0].occurredAt > first.events[1].occurredAt).toBe(true);
    expect(first.events[0].summary).toBe("title: t119");
  });
});

describe("member notes and tags", () => {
  it("adds notes and replaces tags with an audit entry each; unknown members are rejected", async () => {
    const { admin, m } = await seedMember();
    await addMemberNote(admin, { memberId: m.id, body: "Met at <script>conf</script>" });
    await setMemberTags(admin, { memberId: m.id, tags: ["vip", "partner"] });
    const p = (await memberProfile(m.id))!;
    expect(p.notes.map((n) => n.body)).toEqual(["Met at <script>conf</script>"]);
    expect(p.tags).toEqual(["partner", "vip"]);
    const audit = await db.auditLog.findMany({ orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["member.note.add", "member.tags.set"]);
    expect(audit[1].details).toEqual({ added: ["partner", "vip"], removed: ["speaker"] });
    await expect(addMemberNote(admin, { memberId: m.id + 1000, body: "x" })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });
});
