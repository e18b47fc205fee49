// Every way data changes reaches the recompute pipeline: in-process where the process may run it
// (CLI, worker), as a queued job from the web process. A new entry point belongs in this table.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const ENTRY_POINTS: { file: string; reaches: "runPipeline(" | "requestRecompute(" }[] = [
  { file: "scripts/commands/import.ts", reaches: "runPipeline(" },
  { file: "scripts/commands/stripe.ts", reaches: "runPipeline(" },
  { file: "scripts/commands/recompute.ts", reaches: "runPipeline(" },
  { file: "scripts/commands/demo.ts", reaches: "runPipeline(" },
  { file: "scripts/commands/connectors.ts", reaches: "runPipeline(" },
  { file: "lib/jobs/worker.ts", reaches: "runPipeline(" },
  { file: "app/api/stripe/webhook/route.ts", reaches: "requestRecompute(" },
  { file: "app/api/v1/events/route.ts", reaches: "requestRecompute(" },
  { file: "lib/services/imports/ingest-drain.ts", reaches: "requestRecompute(" },
  { file: "lib/runtime/first-start.ts", reaches: "requestRecompute(" },
  { file: "app/(dashboard)/members/merge/actions.ts", reaches: "requestRecompute(" },
  { file: "lib/services/contributions.ts", reaches: "requestRecompute(" },
  // Connector syncs, and webhook pushes received since its last scheduled run, through the worker's connector job.
  { file: "lib/services/connectors/job.ts", reaches: "requestRecompute(" },
];

describe("entry points of the recompute pipeline", () => {
  it.each(ENTRY_POINTS)("$file calls $reaches", ({ file, reaches }) => {
    expect(readFileSync(path.join(root, file), "utf8")).toContain(reaches);
  });

  it("nothing registers a recompute step by import side effect any more", () => {
    for (const file of [
      "lib/services/outreach.ts",
      "lib/services/alerts.ts",
      "lib/services/campaigns.ts",
      "lib/services/page-aggregates.ts",
    ]) {
      expect(readFileSync(path.join(root, file), "utf8")).not.toMatch(
        /registerRecomputeStep|from "\.\/recompute"/,
      );
    }
  });
});
