import { runPipeline } from "@/lib/services/pipeline";

export async function run(): Promise<number> {
  await runPipeline({ reason: "cli recompute", log: console.log });
  return 0;
}
