import { describe, expect, it } from "vitest";
import { canonicalEmail, claimKeysOf, describeLink, UnionFind } from "./claims";

describe("canonicalEmail", () => {
  it.each([
    [" Ada@Example.ORG ", "ada@example.org"],
    ["a.d.a+groundswell@gmail.com", "ada@gmail.com"],
    ["Ada.L@googlemail.com", "adal@gmail.com"],
    ["ada+x@outlook.com", "ada@outlook.com"],
    // Company domains deliver "+tag" too (Google Workspace, Microsoft 365, Fastmail, Proton): one mailbox.
    ["jane+billing@acme.io", "jane@acme.io"],
    ["Jane.Doe+GitHub@Acme.io", "jane.doe@acme.io"],
    ["soeren+git@soeren-tempel.net", "soeren@soeren-tempel.net"],
    ["a+b+c@acme.io", "a@acme.io"],
    // Not a tag: only a tag, an empty tag, "c++", a "-" separator, GitHub's noreply, "no+reply".
    ["+billing@acme.io", "+billing@acme.io"],
    ["jane+@acme.io", "jane+@acme.io"],
    ["c++@acme.io", "c++@acme.io"],
    ["luke-jr@utopios.org", "luke-jr@utopios.org"],
    ["no+reply@roygbyte.com", "no+reply@roygbyte.com"],
    ["first.last@example.org", "first.last@example.org"],
    ["12345+ada@users.noreply.github.com", "12345+ada@users.noreply.github.com"],
    ["not an address", null],
  ])("%s → %s", (raw, expected) => {
    expect(canonicalEmail(raw)).toBe(expected);
  });
});

describe("claimKeysOf", () => {
  const hash = (e: string) => `H(${e})`;
  it.each([
    [
      "a GitHub account owns its login and its number",
      { source: "github", externalId: "7", handle: "Ada" },
      [
        { key: "h:github:ada", owns: true, via: "handle" },
        { key: "u:github:7", owns: true, via: "account_id" },
      ],
    ],
    [
      "an account known by login alone owns no number",
      { source: "github", externalId: "ada", handle: "ada" },
      [{ key: "h:github:ada", owns: true, via: "handle" }],
    ],
    [
      // vuejs/core's and yii2's logs: one account's commits under its old and new login
      "a noreply address with a number owns that account (a renamed login keeps it)",
      {
        source: "git",
        externalId: "63721828+max-s-lab@users.noreply.github.com",
        linkedHandles: [{ source: "github", handle: "max-s-lab" }],
      },
      [
        { key: "u:github:63721828", owns: true, via: "account_id" },
        { key: "h:github:max-s-lab", owns: false, via: "noreply" },
      ],
    ],
    [
      // express's log: one co-author as "krzysdz@users.noreply…" and as "12915102+krzysdz@users.noreply…"
      "a noreply address without a number (before July 2017) is the account with that login",
      {
        source: "git",
        externalId: "kiri-dev@users.noreply.github.com",
        linkedHandles: [{ source: "github", handle: "kiri-dev" }],
      },
      [
        { key: "h:github:kiri-dev", owns: true, via: "handle" },
        { key: "h:github:kiri-dev", owns: false, via: "noreply" },
      ],
    ],
    [
      "a Slack profile claims the login it names",
      { source: "slack", externalId: "U1", linkedHandles: [{ source: "github", handle: "Ada" }] },
      [{ key: "h:github:ada", owns: false, via: "profile_handle" }],
    ],
    [
      "a git noreply address claims its account",
      { source: "git", externalId: "x", linkedHandles: [{ source: "github", handle: "ada" }] },
      [{ key: "h:github:ada", owns: false, via: "noreply" }],
    ],
    [
      "a pushed commit email is claimed (canonical)",
      { source: "github", externalId: "ada", claimedEmails: ["A.da@Gmail.com"] },
      [{ key: "e:H(ada@gmail.com)", owns: false, via: "commit_email" }],
    ],
    [
      "its own email is not claimed again",
      { source: "slack", externalId: "U1", email: "ada@x.org", claimedEmails: ["ADA@x.org"] },
      [],
    ],
    [
      "a member key is owned by every identity naming it",
      { source: "forum", externalId: "u7", memberKey: "m-1" },
      [{ key: "k:m-1", owns: true, via: "member_key" }],
    ],
    [
      "a member row owns its key once",
      { source: "csv", externalId: "m-1", memberKey: "m-1" },
      [{ key: "k:m-1", owns: true, via: "member_key" }],
    ],
    ["bots hold nothing", { source: "github", externalId: "9", handle: "dependabot[bot]", isBot: true }, []],
  ])("%s", (_label, record, expected) => {
    expect(claimKeysOf({ kind: "identity", ...record }, hash)).toEqual(expected);
  });
});

describe("UnionFind", () => {
  it("groups transitively and leaves singletons out", () => {
    const sets = new UnionFind<number>();
    sets.union(1, 2);
    sets.union(3, 2);
    sets.union(5, 6);
    sets.find(9);
    expect(
      sets
        .groups()
        .map((g) => g.sort())
        .sort(),
    ).toEqual([
      [1, 2, 3],
      [5, 6],
    ]);
  });
});

describe("describeLink", () => {
  it.each([
    ["email", true, true, "same email as slack ada"],
    ["account_id", true, true, "same GitHub account as slack ada"],
    ["profile_handle", false, true, "its profile names slack ada"],
    ["profile_handle", true, false, "named in the profile of slack ada"],
    ["commit_email", true, false, "its email is on commits pushed by slack ada"],
  ] as const)("%s (%s, %s)", (via, mine, other, text) => {
    expect(describeLink(via, mine, other, { source: "slack", label: "ada" })).toBe(text);
  });
});
