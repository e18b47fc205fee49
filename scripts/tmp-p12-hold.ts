import path from "node:path";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded";
const dir = process.argv[2];
const cluster = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: await freePort(), database: "bench" });
console.log(cluster.url);
process.on("SIGTERM", async () => { await cluster.stop(); process.exit(0); });
setInterval(() => {}, 1 << 30);
