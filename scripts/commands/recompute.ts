import { recomputeAll } from "@/lib/services/pipeline";

export async function run(): Promise<number> {
  await recomputeAll({ log: console.log });
  return 0;
}
