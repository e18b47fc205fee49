import { runPipeline } from "@/lib/services/pipeline";
import { commandArgs } from "./args";

export async function run(args: string[]): Promise<number> {
  if (!commandArgs(args, "usage: npm run cli -- recompute")) return 2;
  await runPipeline({ reason: "cli recompute", log: console.log });
  return 0;
}
