import { recomputeAll } from "@/lib/services/recompute";

export async function run(): Promise<number> {
  await recomputeAll({ log: console.log });
  return 0;
}
