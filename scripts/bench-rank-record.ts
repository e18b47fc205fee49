// What a full recompute gave, for bench:rank's --record and --compare: digests of every snapshot row and of the newest
// runs' models and backtests (a change anywhere shows), beside a readable part (mean backtest AUCs, the top 10 members).
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { Prisma } from "@/lib/generated/prisma/client";

export async function rankingRecord(db: PrismaClient, asOf: string) {
  const rows = await db.$queryRaw<
    { kind: string; snapshot: string; model: string; backtest: string; auc: number | null; top: number[] }[]
  >(Prisma.sql`
    with runs as (select distinct on (kind) kind, model, backtest from model_runs where as_of = ${asOf}::date order by kind, id desc)
    select r.kind,
           (select md5(string_agg(concat_ws('|', member_id, score::text, rank, reasons::text, activity_12w::text), E'\\n' order by rank, member_id))
              from ranked_score_snapshots s where s.kind = r.kind and s.as_of = ${asOf}::date) as snapshot,
           md5(r.model::text) as model, md5(r.backtest::text) as backtest,
           (r.backtest #>> '{pooled,meanMetrics,model,auc}')::float8 as auc,
           array(select member_id from ranked_score_snapshots s where s.kind = r.kind and s.as_of = ${asOf}::date order by rank, member_id limit 10) as top
      from runs r order by r.kind`);
  return rows;
}
