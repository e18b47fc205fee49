// Writes in the Organisations area: fix or add affiliations, merge two organisations, toggle the
// staff organisation, record partner evidence (manual payments, CoC flags) and PPP rates. All audited.
import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { db } from "@/lib/db/client";
import type { SessionUser } from "@/lib/auth/roles";
import { DEFAULT_PPP_RATES } from "@/lib/partners";
import { recordAudit } from "./audit";
import { NotFoundError, UserFacingError } from "./errors";
import { PUBLIC_REPORT_SETTING } from "@/lib/data/reports";
import type {
  addCocFlagSchema,
  mergeOrganizationsSchema,
  recordManualPaymentSchema,
  saveAffiliationSchema,
  setPppRateSchema,
  updateOrganizationSchema,
} from "@/lib/validation/organizations";

type Actor = Pick<SessionUser, "id" | "email"> | string | null;

async function liveOrg(id: number) {
  const org = await db.organization.findUnique({ where: { id } });
  if (!org) throw new NotFoundError("Organisation");
  if (org.mergedIntoId)
    throw new UserFacingError(`${org.name} was merged into another organisation; edit that one`);
  return org;
}

export async function updateOrganization(actor: Actor, input: z.infer<typeof updateOrganizationSchema>) {
  const before = await liveOrg(input.id);
  const org = await db.organization.update({
    where: { id: input.id },
    data: { name: input.name, country: input.country },
  });
  await recordAudit(actor, "organization.update", "organization", org.id, {
    before: { name: before.name, country: before.country },
    after: { name: org.name, country: org.country },
  });
  return { id: org.id };
}

export async function setStaffOrganization(actor: Actor, id: number, isStaffOrg: boolean) {
  await liveOrg(id);
  await db.organization.update({ where: { id }, data: { isStaffOrg } });
  await recordAudit(
    actor,
    isStaffOrg ? "organization.mark_staff" : "organization.unmark_staff",
    "organization",
    id,
  );
  return { id, isStaffOrg };
}

/** Changes an affiliation's org and dates, or adds a manual one when no id is given. */
export async function saveAffiliation(actor: Actor, input: z.infer<typeof saveAffiliationSchema>) {
  await liveOrg(input.orgId);
  const data = {
    memberId: input.memberId,
    orgId: input.orgId,
    startsAt: input.startsAt,
    endsAt: input.endsAt ?? null,
  };
  if (input.id) {
    const before = await db.affiliation.findUnique({ where: { id: input.id } });
    if (!before) throw new NotFoundError("Affiliation");
    const after = await db.affiliation.update({
      where: { id: input.id },
      data: { orgId: data.orgId, startsAt: data.startsAt, endsAt: data.endsAt },
    });
    await recordAudit(actor, "affiliation.update", "affiliation", after.id, {
      before: {
        orgId: before.orgId,
        startsAt: before.startsAt.toISOString(),
        endsAt: before.endsAt?.toISOString() ?? null,
      },
      after: {
        orgId: after.orgId,
        startsAt: after.startsAt.toISOString(),
        endsAt: after.endsAt?.toISOString() ?? null,
      },
    });
    return { id: after.id };
  }
  const member = await db.member.findUnique({ where: { id: input.memberId }, select: { id: true } });
  if (!member) throw new NotFoundError("Member");
  const created = await db.affiliation.create({ data: { ...data, origin: "manual" } });
  await recordAudit(actor, "affiliation.create", "affiliation", created.id, {
    memberId: data.memberId,
    orgId: data.orgId,
    startsAt: data.startsAt.toISOString(),
    endsAt: data.endsAt?.toISOString() ?? null,
  });
  return { id: created.id };
}

/**
 * Moves domains, affiliations, payments and CoC flags of `mergedId` to `survivorId` and marks the
 * merged org (merged_into_id), in one transaction. Orgs merged earlier into the loser follow it.
 */
export async function mergeOrganizations(actor: Actor, input: z.infer<typeof mergeOrganizationsSchema>) {
  const [survivor, merged] = await Promise.all([liveOrg(input.survivorId), liveOrg(input.mergedId)]);
  const moved = await db.$transaction(async (tx) => {
    const domains = await tx.organizationDomain.updateMany({
      where: { orgId: merged.id },
      data: { orgId: survivor.id },
    });
    // Each member once: where the survivor already has an affiliation of the same member from the same start,
    // it keeps the longer span; one whose dates the survivor's already cover adds nothing. Both are dropped.
    await tx.$executeRaw`
      update affiliations s set ends_at = case when a.ends_at is null then null else greatest(s.ends_at, a.ends_at) end
        from affiliations a
       where a.org_id = ${merged.id} and s.org_id = ${survivor.id} and s.member_id = a.member_id
         and s.starts_at = a.starts_at and s.ends_at is not null`;
    await tx.$executeRaw`
      delete from affiliations a using affiliations s
       where a.org_id = ${merged.id} and s.org_id = ${survivor.id} and s.member_id = a.member_id
         and s.starts_at <= a.starts_at and (s.ends_at is null or s.ends_at >= coalesce(a.ends_at, 'infinity'))`;
    const affiliations = await tx.affiliation.updateMany({
      where: { orgId: merged.id },
      data: { orgId: survivor.id },
    });
    const payments = await tx.payment.updateMany({
      where: { orgId: merged.id },
      data: { orgId: survivor.id },
    });
    const flags = await tx.cocFlag.updateMany({ where: { orgId: merged.id }, data: { orgId: survivor.id } });
    await tx.organization.updateMany({
      where: { mergedIntoId: merged.id },
      data: { mergedIntoId: survivor.id },
    });
    await tx.organization.update({ where: { id: merged.id }, data: { mergedIntoId: survivor.id } });
    if (merged.isStaffOrg && !survivor.isStaffOrg)
      await tx.organization.update({ where: { id: survivor.id }, data: { isStaffOrg: true } });
    if (!survivor.country && merged.country)
      await tx.organization.update({ where: { id: survivor.id }, data: { country: merged.country } });
    return {
      domains: domains.count,
      affiliations: affiliations.count,
      payments: payments.count,
      cocFlags: flags.count,
    };
  });
  await recordAudit(actor, "organization.merge", "organization", survivor.id, {
    mergedId: merged.id,
    mergedName: merged.name,
    moved,
  });
  return { survivorId: survivor.id, ...moved };
}

export async function addCocFlag(actor: Actor, input: z.infer<typeof addCocFlagSchema>) {
  await liveOrg(input.orgId);
  const flag = await db.cocFlag.create({
    data: { orgId: input.orgId, occurredAt: input.occurredAt, note: input.note },
  });
  await recordAudit(actor, "coc_flag.create", "organization", input.orgId, {
    flagId: flag.id,
    occurredAt: input.occurredAt.toISOString(),
  });
  return { id: flag.id };
}

/** A financial contribution recorded by hand: a payment with source 'manual' linked to the org. */
export async function recordManualPayment(actor: Actor, input: z.infer<typeof recordManualPaymentSchema>) {
  await liveOrg(input.orgId);
  const payment = await db.payment.create({
    data: {
      orgId: input.orgId,
      source: "manual",
      externalId: randomUUID(),
      amountCents: Math.round(input.amount * 100),
      currency: input.currency,
      status: "paid",
      kind: input.yearly ? "yearly" : "one_time",
      occurredAt: input.occurredAt,
    },
  });
  await recordAudit(actor, "payment.manual", "organization", input.orgId, {
    paymentId: payment.id,
    amountCents: payment.amountCents,
    currency: payment.currency,
    note: input.note ?? null,
  });
  return { id: payment.id };
}

/** Seeds the Big Mac defaults when the table is empty; never overwrites an admin's rates. */
export async function ensureDefaultPppRates(): Promise<number> {
  if ((await db.pppRate.count()) > 0) return 0;
  const { count } = await db.pppRate.createMany({
    data: Object.entries(DEFAULT_PPP_RATES).map(([country, factor]) => ({ country, factor })),
    skipDuplicates: true,
  });
  return count;
}

export async function setPppRate(actor: Actor, input: z.infer<typeof setPppRateSchema>) {
  await ensureDefaultPppRates();
  const before = await db.pppRate.findUnique({ where: { country: input.country } });
  await db.pppRate.upsert({
    where: { country: input.country },
    create: input,
    update: { factor: input.factor },
  });
  await recordAudit(actor, "ppp_rate.set", "ppp_rate", input.country, {
    before: before?.factor ?? null,
    after: input.factor,
  });
  return input;
}

export async function setPublicReportEnabled(actor: Actor, enabled: boolean) {
  await db.setting.upsert({
    where: { key: PUBLIC_REPORT_SETTING },
    create: { key: PUBLIC_REPORT_SETTING, value: enabled },
    update: { value: enabled },
  });
  await recordAudit(
    actor,
    enabled ? "public_report.enable" : "public_report.disable",
    "setting",
    PUBLIC_REPORT_SETTING,
  );
  return { enabled };
}
