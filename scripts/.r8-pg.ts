import { writeFileSync } from "node:fs";
import path from "node:path";
import { freePort, startEmbeddedPostgres } from "@/lib/db/embedded";
const dir = process.argv[2];
const c = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: await freePort(), database: "bench" });
writeFileSync("/tmp/r8-pg-url", c.url);
console.log(c.url);
process.on("SIGTERM", async () => { await c.stop(); process.exit(0); });
setInterval(() => {}, 1 << 30);
