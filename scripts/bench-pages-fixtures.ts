// What bench:pages adds to the synthetic community so every page has something to read: an
// organisation with 1,000 affiliations (members also affiliated elsewhere, the slow credit path),
// organisation sponsorships so partner status is judged for real, and one launched campaign.
// Idempotent: a reused cluster (--dir) keeps what an earlier run added.
import type { Db } from "@/lib/db/prisma";

export const BIG_ACCOUNT_SLUG = "bench-big-account";
export const BIG_ACCOUNT_AFFILIATIONS = 1000;

/** The big organisation's id, created with its affiliations and sponsorship when missing. */
export async function ensureBigAccount(db: Db): Promise<number> {
  const [existing] = await db.$queryRaw<{ id: number }[]>`
    select id from organizations where slug = ${BIG_ACCOUNT_SLUG}`;
  if (existing) return existing.id;
  const [org] = await db.$queryRaw<{ id: number }[]>`
    insert into organizations (name, slug, country) values ('Bench Big Account', ${BIG_ACCOUNT_SLUG}, 'US') returning id`;
  await db.$executeRaw`insert into organization_domains (domain, org_id) values ('big-account.example', ${org.id})`;
  // Members spread over the id range (every 100th at 100k): busy and quiet ones alike (the generator
  // gives low ids the most events); most already work elsewhere, so their events take the
  // several-affiliations path of the credit rule.
  await db.$executeRaw`
    insert into affiliations (member_id, org_id, starts_at, ends_at, origin)
    select id, ${org.id}, joined_at, null, 'profile' from members
     where (id - 1) % greatest(1, (select count(*) from members) / ${BIG_ACCOUNT_AFFILIATIONS}) = 0
     order by id limit ${BIG_ACCOUNT_AFFILIATIONS}`;
  // Sponsorship: the big account and 40 others pay monthly over the last 6 months.
  await db.$executeRaw`
    insert into payments (org_id, source, external_id, amount_cents, currency, status, kind, occurred_at)
    select o.id, 'manual', 'bench-sponsor-' || o.id || '-' || k, 15000, 'usd', 'paid', 'one-time',
           date_trunc('month', now()) - k * interval '1 month' + interval '3 days'
      from organizations o, generate_series(0, 5) k
     where o.id = ${org.id} or (o.id <= 40 and o.slug <> ${BIG_ACCOUNT_SLUG})`;
  await db.$executeRaw`analyze affiliations`;
  await db.$executeRaw`analyze payments`;
  return org.id;
}

/** The id of a campaign launched from the candidates list (created once). */
export async function ensureCampaign(db: Db): Promise<number> {
  const [existing] = await db.$queryRaw<{ id: number }[]>`select id from campaigns order by id limit 1`;
  if (existing) return existing.id;
  const { createCampaign } = await import("@/lib/services/campaigns");
  const { createCampaignSchema } = await import("@/lib/validation/campaigns");
  const admin = await db.adminUser.upsert({
    where: { email: "bench@localhost" },
    create: { email: "bench@localhost", passwordHash: "!", role: "admin" },
    update: {},
  });
  const launched = await createCampaign(
    { id: admin.id, email: admin.email },
    createCampaignSchema.parse({ name: "Bench upgrades", sourceList: "candidates", size: 200 }),
  );
  return launched.id;
}
