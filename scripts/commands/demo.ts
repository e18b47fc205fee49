import { db } from "@/lib/db/client";
import { removeDemoCommunity, seedDemoCommunity } from "@/lib/services/demo";
import { runPipeline } from "@/lib/services/pipeline";
import { commandArgs } from "./args";

export async function run(args: string[]): Promise<number> {
  const name = args[0];
  if (!commandArgs(args, `usage: npm run cli -- ${name}`)) return 2;
  if (name === "demo:remove") {
    const removed = await removeDemoCommunity(db);
    await runPipeline({ reason: "demo removed" });
    console.log(
      `Removed the demo community: ${removed.members} members, ${removed.organizations} organisations.`,
    );
    return 0;
  }
  if ((await db.member.count({ where: { isDemo: true } })) > 0) {
    console.error("The demo community is already loaded.");
    return 1;
  }
  const summary = await seedDemoCommunity(db);
  await runPipeline({ reason: "demo loaded", log: console.log });
  console.log(`Demo community loaded: ${JSON.stringify(summary)}`);
  return 0;
}
