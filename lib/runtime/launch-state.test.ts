import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { clearLaunchState, readLaunchState, writeLaunchState } from "./launch-state";

let dir: string;
const file = () => path.join(dir, "launch-state.json");

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "launch-state-"));
  process.env.GROUNDSWELL_DATA_DIR = dir;
  resetEnvCache();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  delete process.env.GROUNDSWELL_DATA_DIR;
  resetEnvCache();
});

describe("the launcher's starting state, as the web server reads it", () => {
  it("is null when no launcher wrote one, the step while it runs, null once cleared", async () => {
    expect(readLaunchState()).toBeNull();
    await writeLaunchState("Starting the database", new Date("2026-12-06T10:00:00Z"));
    expect(readLaunchState()).toEqual({
      step: "Starting the database",
      since: "2026-12-06T10:00:00.000Z",
      pid: process.pid,
    });
    await clearLaunchState();
    expect(readLaunchState()).toBeNull();
  });

  it.each([
    [
      "a launcher that died",
      JSON.stringify({ step: "Starting", since: "2026-12-06T10:00:00.000Z", pid: 2 ** 22 + 1 }),
    ],
    ["a half-written file", '{"step":"Star'],
    ["a file of another shape", JSON.stringify({ step: "", pid: process.pid })],
  ])("ignores %s", async (_, content) => {
    await writeFile(file(), content);
    expect(readLaunchState()).toBeNull();
    await clearLaunchState();
  });
});
