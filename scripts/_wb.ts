import path from "node:path";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded";
import { createPrisma } from "@/lib/db/prisma";
import { setDb } from "@/lib/db/client";
import { resetEnvCache } from "@/lib/env";
const dir = process.argv[2];
const cluster = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: await freePort(), database: "bench" });
try {
  process.env.DATABASE_URL = cluster.url;
  resetEnvCache();
  const db = createPrisma(cluster.url, 4);
  setDb(db);
  const { decodeCutoff, encodeCutoff } = await import("@/lib/services/rankings/cutoff-codec");
  const { writeCachedCutoffs } = await import("@/lib/services/rankings/feature-cache");
  const rows = await db.$queryRawUnsafe<{ cutoff: string; rows: string; mv: string; params: string }[]>(
    "select to_char(cutoff,'YYYY-MM-DD') as cutoff, encode(rows,'base64') as rows, model_version as mv, params from ranking_feature_cache");
  console.log("cached cut-offs", rows.length);
  const inputs = rows.map((r) => decodeCutoff(Buffer.from(r.rows, "base64"))!);
  const { mv, params } = rows[0];
  const digests = new Map(inputs.map((i) => [i.asOf, "d"]));
  const mark = { id: 1, at: "2026-03-18T00:00:00.000Z" } as never;
  const viaPrisma = async () => {
    for (const i of inputs) {
      const encoded = encodeCutoff(i);
      await db.$executeRaw`insert into ranking_feature_cache (cutoff, model_version, params, fingerprint, rows)
        values (${i.asOf}::date, ${mv}, ${params}, ${"x"}, ${encoded})
        on conflict (cutoff, model_version, params) do update set fingerprint = excluded.fingerprint, rows = excluded.rows, created_at = now()`;
    }
  };
  const viaPg = () => writeCachedCutoffs(inputs, mark, { upToMember: 1, digests }, mv, params);
  const { encodeCutoff: oldEncode } = await import("@/lib/services/rankings/_oldcodec");
  const { createHash } = await import("node:crypto");
  for (const i of inputs) if (createHash("md5").update(oldEncode(i)).digest("hex") !== createHash("md5").update(encodeCutoff(i)).digest("hex")) throw new Error("bytes differ " + i.asOf);
  console.log("same bytes for all", inputs.length);
  const encOld = async () => { for (const i of inputs) oldEncode(i); };
  const encNew = async () => { for (const i of inputs) encodeCutoff(i); };
  for (let rep = 0; rep < 4; rep++)
    for (const [name, run] of [["prisma", viaPrisma], ["pg", viaPg], ["encode old", encOld], ["encode new", encNew]] as const) {
      global.gc?.();
      const c0 = process.cpuUsage(); const t0 = performance.now();
      await run();
      const c = process.cpuUsage(c0);
      console.log(name, "cpu ms", ((c.user + c.system) / 1000).toFixed(0), "wall ms", (performance.now() - t0).toFixed(0));
    }
  await db.$disconnect();
} finally { await cluster.stop(); }
