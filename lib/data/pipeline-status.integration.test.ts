// The "preparing your data" state: shown while a start loads the demo and until the first pipeline
// run that began after the load has finished; a run that began earlier does not end the wait.
import { beforeEach, describe, expect, it } from "vitest";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { writePipelineStatus, writeStartupStatus } from "@/lib/services/pipeline-status";
import { dataPreparation } from "./pipeline-status";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));

const T = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, minutes)).toISOString();
const run = (startedAt: string, state: "running" | "done" | "failed", stepIndex: number) =>
  writePipelineStatus({
    state,
    reason: "start",
    startedAt,
    step: state === "done" ? null : "rankings",
    stepIndex,
    stepCount: 6,
    completedSteps: [],
  });

describe("dataPreparation", () => {
  it("is null when no start is preparing anything", async () => {
    await run(T(0), "running", 1);
    expect(await dataPreparation()).toBeNull();
  });

  it("reports the demo load, then the pipeline's step, and ends with the first run that started after the load", async () => {
    await writeStartupStatus({ state: "loading-demo", since: T(0), percent: 40, label: "activity" });
    expect(await dataPreparation()).toMatchObject({
      phase: "loading-demo",
      percent: 20,
      label: "Loading the demo community: activity",
    });
    await writeStartupStatus({ state: "computing", since: T(5) });
    // A run that started during the demo load (the hourly job, say) does not count.
    await run(T(3), "done", 6);
    expect(await dataPreparation()).toMatchObject({
      phase: "computing",
      percent: 50,
      label: "Waiting for the first recompute",
    });
    await run(T(6), "running", 1);
    expect(await dataPreparation()).toMatchObject({
      phase: "computing",
      percent: 58,
      label: "Computing rankings (step 2 of 6)",
    });
    await run(T(6), "done", 6);
    expect(await dataPreparation()).toBeNull();
  });

  it("stops waiting when that run failed, and ignores a stored value it cannot parse", async () => {
    await writeStartupStatus({ state: "computing", since: T(5) });
    await run(T(6), "failed", 1);
    expect(await dataPreparation()).toBeNull();
    await db.setting.update({
      where: { key: "startup:status" },
      data: { value: { state: "something else" } },
    });
    expect(await dataPreparation()).toBeNull();
  });
});
