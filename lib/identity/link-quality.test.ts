import { describe, expect, it } from "vitest";
import { linkQuality } from "./link-quality";

const id = (source: string, externalId: string, person: number) => ({ source, externalId, person });
const A1 = id("slack", "U1", 1),
  A2 = id("github", "1", 1),
  A3 = id("git", "a@x", 1),
  B1 = id("slack", "U2", 2),
  BOT = id("github", "9", -1);
const truth = {
  identities: [A1, A2, A3, B1, BOT],
  links: [
    { a: A1, b: A2 },
    { a: A2, b: A3 },
  ],
};
const members = (groups: (typeof A1)[][]) =>
  new Map(groups.flatMap((g, m) => g.map((i) => [`${i.source}\u0000${i.externalId}`, m] as const)));

describe("linkQuality", () => {
  it.each([
    [
      "all evidenced links found",
      [[A1, A2, A3], [B1], [BOT]],
      { precision: 1, recall: 1, falseMerges: 0, evidencedPairs: 3 },
    ],
    ["one link missed", [[A1, A2], [A3], [B1], [BOT]], { precision: 1, recall: 1 / 3, falseMerges: 0 }],
    ["two people merged", [[A1, A2, A3, B1], [BOT]], { precision: 0.5, recall: 1, falseMerges: 1 }],
    ["a bot joined", [[A1, A2, A3, BOT], [B1]], { recall: 1, falseMerges: 1, botsJoined: 1 }],
  ])("%s", (_label, groups, expected) => {
    expect(linkQuality(members(groups), truth)).toMatchObject(expected);
  });
});
