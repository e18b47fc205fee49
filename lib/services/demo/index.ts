import "server-only";
// Seeds (and removes) a deterministic demo community: members, organisations, activity and billing that
// follows activity, generated in memory from a seed and written in one transaction. See generate.ts.
import { z } from "zod";
import type { Db } from "@/lib/db/prisma";
import type { Prisma } from "@/lib/generated/prisma/client";
import { generateDemoCommunity, startOfUtcDay, totalEventWeight } from "./generate";
import { ensurePlans, persistDemoDataset } from "./persist";
import type { ChangeKind } from "./types";

export const DEFAULT_DEMO_SEED = 20_240_601;
/** The settings row remembering what the demo created outside is_demo rows (the plans it inserted). */
export const DEMO_SETTING_KEY = "demo_community";

export interface SeedDemoOptions {
  seed?: number;
  /** Default 2,400. */
  members?: number;
  /** Default 18. */
  months?: number;
  /** Anchor: the last week ends here. Default: today 00:00 UTC. */
  now?: Date;
  onProgress?: (pct: number, label: string) => void;
}

export interface DemoSummary {
  seed: number;
  from: string;
  to: string;
  weeks: number;
  members: number;
  organizations: number;
  identities: number;
  events: number;
  eventWeight: number;
  subscriptions: number;
  changes: Record<ChangeKind, number>;
  payments: number;
  failedPayments: number;
  payingMembers: number;
  mrrCents: number;
  outreach: number;
  plansCreated: string[];
  generateMs: number;
  writeMs: number;
}

const demoSettingSchema = z.object({
  seed: z.number(),
  plansCreated: z.array(z.string()),
  seededAt: z.string(),
});
type DemoSetting = z.infer<typeof demoSettingSchema>;

type Tx = Prisma.TransactionClient;

async function readSetting(tx: Tx | Db): Promise<DemoSetting | null> {
  const rows = await tx.$queryRaw<{ value: unknown }[]>`
    select value from settings where key = ${DEMO_SETTING_KEY}`;
  // Unreadable means unknown: removal then deletes only is_demo rows and leaves every plan alone.
  const parsed = demoSettingSchema.safeParse(rows[0]?.value);
  return parsed.success ? parsed.data : null;
}

/**
 * Replaces any existing demo community with a freshly generated one. The same seed, size, months and
 * `now` give identical rows. Everything is written in one transaction, so a failure leaves nothing behind.
 */
export async function seedDemoCommunity(db: Db, opts: SeedDemoOptions = {}): Promise<DemoSummary> {
  const progress = opts.onProgress ?? (() => {});
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const started = performance.now();
  progress(0, "generating");
  const data = generateDemoCommunity({
    seed,
    members: opts.members ?? 2400,
    months: opts.months ?? 18,
    now: opts.now ?? startOfUtcDay(new Date()),
  });
  const generated = performance.now();
  progress(10, "generated");

  let plansCreated: string[] = [];
  await db.$transaction(
    async (tx) => {
      const previous = await readSetting(tx);
      await deleteDemoRows(tx);
      plansCreated = [...new Set([...(previous?.plansCreated ?? []), ...(await ensurePlans(tx))])].sort();
      progress(15, "plans");
      await persistDemoDataset(tx, data, progress);
      const setting: DemoSetting = {
        seed,
        plansCreated,
        seededAt: new Date(data.timeline.end).toISOString(),
      };
      await tx.$executeRaw`
        insert into settings (key, value, updated_at) values (${DEMO_SETTING_KEY}, ${JSON.stringify(setting)}::jsonb, now())
        on conflict (key) do update set value = excluded.value, updated_at = now()`;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  progress(100, "done");

  const changes: Record<ChangeKind, number> = { new: 0, upgrade: 0, downgrade: 0, cancel: 0, reactivate: 0 };
  for (const c of data.changes) changes[c.kind]++;
  const paying = data.members.filter((m) => m.currentTier > 0);
  return {
    seed,
    from: new Date(data.timeline.start).toISOString(),
    to: new Date(data.timeline.end).toISOString(),
    weeks: data.timeline.weeks,
    members: data.members.length,
    organizations: data.orgs.length,
    identities: data.identities.length,
    events: data.events.count,
    eventWeight: totalEventWeight(data),
    subscriptions: data.subscriptions.length,
    changes,
    payments: data.payments.length,
    failedPayments: data.payments.filter((p) => p.status === "failed").length,
    payingMembers: paying.length,
    mrrCents: paying.reduce((sum, m) => sum + m.currentMrrCents, 0),
    outreach: data.outreach.length,
    plansCreated,
    generateMs: Math.round(generated - started),
    writeMs: Math.round(performance.now() - generated),
  };
}

/**
 * Deletes every demo row: demo members (and by cascade their identities, events, billing, outreach,
 * rollups and scores), demo organisations, and the plans the demo inserted if nothing else uses them.
 */
export async function removeDemoCommunity(db: Db): Promise<{ members: number; organizations: number }> {
  return db.$transaction(
    async (tx) => {
      const setting = await readSetting(tx);
      const counts = await deleteDemoRows(tx);
      const plans = setting?.plansCreated ?? [];
      if (plans.length > 0) {
        await tx.$executeRaw`
          delete from plans p where p.key = any(${plans}::text[])
             and not exists (select 1 from subscriptions s where s.plan_key = p.key)
             and not exists (select 1 from subscription_changes c where p.key in (c.from_plan_key, c.to_plan_key))`;
      }
      await tx.$executeRaw`delete from settings where key = ${DEMO_SETTING_KEY}`;
      return counts;
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}

/**
 * Events go first and explicitly (activity_events has no foreign key to members), after the demo members are
 * locked so that an import writing events for one of them finishes first. Alerts carry member/org ids without a
 * foreign key too.
 */
async function deleteDemoRows(tx: Tx): Promise<{ members: number; organizations: number }> {
  await tx.$queryRaw`select id from members where is_demo for update`;
  await tx.$executeRaw`delete from activity_events where member_id in (select id from members where is_demo)`;
  await tx.$executeRaw`
    delete from alerts where member_id in (select id from members where is_demo) or org_id in (select id from organizations where is_demo)`;
  const members = await tx.$executeRaw`delete from members where is_demo`;
  const organizations = await tx.$executeRaw`delete from organizations where is_demo`;
  return { members, organizations };
}
