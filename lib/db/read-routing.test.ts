import { describe, expect, it } from "vitest";
import { lsnToBytes, ReadRouter } from "./read-routing";

describe("lsnToBytes", () => {
  it.each([
    ["0/0", 0n],
    ["0/16B3748", 0x16b3748n],
    ["1/0", 1n << 32n],
    ["A/FF", (10n << 32n) + 255n],
  ])("%s", (lsn, bytes) => expect(lsnToBytes(lsn)).toBe(bytes));
});

describe("ReadRouter", () => {
  type Step = ["sample", number, bigint, bigint | null] | ["write"] | ["at", number];
  const cases: { name: string; steps: Step[]; expected: ReturnType<ReadRouter["choose"]> }[] = [
    { name: "no sample yet: primary", steps: [], expected: { target: "primary", reason: "replica lagging" } },
    { name: "caught up: replica", steps: [["sample", 0, 100n, 100n]], expected: { target: "replica" } },
    {
      name: "behind, but within the bound since the last covered sample",
      steps: [
        ["sample", 0, 100n, 100n],
        ["sample", 500, 200n, 100n],
        ["at", 900],
      ],
      expected: { target: "replica" },
    },
    {
      name: "behind for longer than the bound",
      steps: [
        ["sample", 0, 100n, 100n],
        ["sample", 500, 200n, 100n],
        ["at", 1200],
      ],
      expected: { target: "primary", reason: "replica lagging" },
    },
    {
      name: "an earlier sample becomes covered once replay passes it",
      steps: [
        ["sample", 0, 100n, 50n],
        ["sample", 500, 200n, 150n],
        ["at", 900],
      ],
      expected: { target: "replica" },
    },
    {
      name: "own write after the last covered sample: primary",
      steps: [["sample", 0, 100n, 100n], ["at", 10], ["write"]],
      expected: { target: "primary", reason: "own write not replayed" },
    },
    {
      name: "own write, then a sample the replica covers: replica",
      steps: [["write"], ["at", 10], ["sample", 10, 300n, 300n]],
      expected: { target: "replica" },
    },
    {
      name: "replica unreachable or not a standby: primary",
      steps: [["sample", 0, 100n, null]],
      expected: { target: "primary", reason: "replica unreachable" },
    },
  ];
  it.each(cases)("$name", ({ steps, expected }) => {
    let clock = 0;
    const router = new ReadRouter({ maxLagMs: 1000, sampleEveryMs: 100, now: () => clock });
    for (const step of steps) {
      if (step[0] === "write") router.noteWrite();
      else if (step[0] === "at") clock = step[1];
      else {
        clock = step[1];
        router.record(step[1], { primary: step[2], replayed: step[3] });
      }
    }
    expect(router.choose()).toEqual(expected);
  });
});
