// Evaluates the alert rules (lib/partners/alert-rules) on weekly_activity for members and organisations,
// plus failed ingest batches; stores new alerts idempotently (dedupe_key) and e-mails a digest when SMTP is set.
import "server-only";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import {
  addWeeks,
  DEFAULT_ALERT_RULES,
  evaluateAlertRules,
  type AlertRuleOptions,
  type WeeklyPoint,
} from "@/lib/partners";
import { INGEST_QUEUE } from "./imports/ingest-queue";
import nodemailer from "nodemailer";

export interface AlertMessage {
  to: string;
  subject: string;
  text: string;
}

/** The one thing alert e-mail needs; tests and other transports implement it too. */
export interface AlertMailer {
  send(message: AlertMessage): Promise<void>;
}

/** An SMTP mailer (nodemailer) when SMTP_URL and ALERT_EMAIL_TO are set, else null (sending is skipped). */
export async function mailerFromEnv(): Promise<{ mailer: AlertMailer; to: string } | null> {
  const { SMTP_URL, ALERT_EMAIL_TO } = env();
  if (!SMTP_URL || !ALERT_EMAIL_TO) return null;
  const transport = nodemailer.createTransport(SMTP_URL);
  return { mailer: { send: async (m) => void (await transport.sendMail(m)) }, to: ALERT_EMAIL_TO };
}

export interface EvaluateAlertsResult {
  asOfWeek: string | null;
  evaluated: number;
  created: number;
  emailed: boolean;
}

type SubjectKind = "member" | "org";

/** The week to judge: the last complete week, or the latest week with data when the history ends earlier. */
export async function evaluationWeek(now: Date): Promise<string | null> {
  const [row] = await db.$queryRaw<
    { latest: Date | null }[]
  >`select max(week_start) as latest from weekly_activity`;
  if (!row.latest) return null;
  const thisMonday = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7)),
  );
  const lastComplete = addWeeks(thisMonday.toISOString().slice(0, 10), -1);
  const latest = row.latest.toISOString().slice(0, 10);
  return latest < lastComplete ? latest : lastComplete;
}

async function weeklySeries(kind: SubjectKind, from: string, to: string) {
  const rows =
    kind === "member"
      ? await db.$queryRaw<{ id: number; name: string; week: string; value: bigint }[]>`
          select w.member_id as id, m.display_name as name, to_char(w.week_start, 'YYYY-MM-DD') as week, sum(w.events)::bigint as value
            from weekly_activity w join members m on m.id = w.member_id and not m.is_bot
           where w.week_start between ${from}::date and ${to}::date
           group by 1, 2, 3`
      : await db.$queryRaw<{ id: number; name: string; week: string; value: bigint }[]>`
          select o.id, o.name, to_char(w.week_start, 'YYYY-MM-DD') as week, sum(w.events)::bigint as value
            from weekly_activity w
            join members m on m.id = w.member_id and not m.is_bot
            join lateral (
              select coalesce(o2.merged_into_id, o2.id) as org_id from affiliations a join organizations o2 on o2.id = a.org_id
               where a.member_id = w.member_id and a.starts_at <= w.week_start + interval '7 days' and (a.ends_at is null or a.ends_at > w.week_start)
               order by case a.origin when 'manual' then 0 when 'email-domain' then 2 else 1 end, a.starts_at desc, a.id limit 1
            ) c on true
            join organizations o on o.id = c.org_id and not o.is_staff_org
           where w.week_start between ${from}::date and ${to}::date
           group by 1, 2, 3`;
  const subjects = new Map<number, { name: string; points: WeeklyPoint[] }>();
  for (const r of rows) {
    const s = subjects.get(r.id) ?? { name: r.name, points: [] };
    s.points.push({ week: r.week, value: Number(r.value) });
    subjects.set(r.id, s);
  }
  return subjects;
}

/**
 * Batches the ingest API queued (`Prefer: respond-async`) that the drainer could not write, still retrying or
 * given up: their events are not stored, so an admin must look. At most one alert a day while any remain.
 */
async function ingestFailureAlert(now: Date) {
  const [queue] = await db.$queryRaw<
    { present: boolean }[]
  >`select to_regclass('pgboss.job') is not null as present`;
  if (!queue.present) return null;
  const [row] = await db.$queryRaw<{ n: number }[]>`
    select count(*)::int as n from pgboss.job where name = ${INGEST_QUEUE} and state in ('retry', 'failed')`;
  if (row.n === 0) return null;
  const batches = row.n === 1 ? "1 batch" : `${row.n} batches`;
  return {
    kind: "ingest_failed",
    memberId: null,
    orgId: null,
    message: `${batches} accepted by the ingest API could not be written yet (retried with backoff, then kept as failed); see the worker log. Their events are not stored.`,
    dedupeKey: `ingest_failed:${now.toISOString().slice(0, 10)}`,
    occurredAt: now,
  };
}

/** Runs every rule for every member and organisation; inserting an alert twice is a no-op. */
export async function evaluateAlerts(
  opts: {
    now?: Date;
    rules?: AlertRuleOptions;
    mailer?: { mailer: AlertMailer; to: string } | null;
    /** Check only the ingest failures (the pipeline found the judged weeks unchanged since the last run). */
    onlyIngestFailures?: boolean;
  } = {},
): Promise<EvaluateAlertsResult> {
  const rules = opts.rules ?? DEFAULT_ALERT_RULES;
  const asOfWeek = await evaluationWeek(opts.now ?? new Date());
  const pending: {
    kind: string;
    memberId: number | null;
    orgId: number | null;
    message: string;
    dedupeKey: string;
    occurredAt: Date;
  }[] = [];
  const ingest = await ingestFailureAlert(opts.now ?? new Date());
  if (ingest) pending.push(ingest);
  let evaluated = 0;
  for (const kind of asOfWeek && !opts.onlyIngestFailures ? (["member", "org"] as const) : []) {
    const span = Math.max(rules.recentWeeks, rules.quietWeeks) + rules.baselineWeeks + rules.absenceWeeks + 1;
    const from = addWeeks(asOfWeek!, -span + 1);
    for (const [id, subject] of await weeklySeries(kind, from, asOfWeek!)) {
      evaluated++;
      for (const f of evaluateAlertRules(subject.name, subject.points, asOfWeek!, rules)) {
        pending.push({
          kind: f.kind,
          memberId: kind === "member" ? id : null,
          orgId: kind === "org" ? id : null,
          message: f.message,
          dedupeKey: `${f.kind}:${kind}:${id}:${f.episode}`,
          occurredAt: new Date(`${asOfWeek}T00:00:00Z`),
        });
      }
    }
  }
  const inserted = pending.length
    ? await db.$queryRaw<{ message: string }[]>`
        insert into alerts (kind, member_id, org_id, message, dedupe_key, occurred_at)
        select * from unnest(${pending.map((p) => p.kind)}::text[], ${pending.map((p) => p.memberId)}::int[], ${pending.map((p) => p.orgId)}::int[],
                             ${pending.map((p) => p.message)}::text[], ${pending.map((p) => p.dedupeKey)}::text[], ${pending.map((p) => p.occurredAt)}::timestamptz[])
        on conflict (dedupe_key) do nothing returning message`
    : [];
  let emailed = false;
  const mail = opts.mailer === undefined ? await mailerFromEnv() : opts.mailer;
  if (mail && inserted.length) {
    const lines = inserted.slice(0, 50).map((r) => `- ${r.message}`);
    if (inserted.length > 50) lines.push(`…and ${inserted.length - 50} more in the alert feed.`);
    await mail.mailer.send({
      to: mail.to,
      subject: `Groundswell: ${inserted.length} new alert${inserted.length === 1 ? "" : "s"}`,
      text: lines.join("\n"),
    });
    emailed = true;
  }
  return { asOfWeek, evaluated, created: inserted.length, emailed };
}
