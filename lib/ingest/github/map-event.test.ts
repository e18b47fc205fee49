import { describe, expect, it } from "vitest";
import { mapGhEvent, ownCommitEmail, type GhArchiveEvent } from "./map-event";

const event = (
  type: string,
  payload: Record<string, unknown>,
  actor: GhArchiveEvent["actor"] = { id: 7, login: "mona" },
): GhArchiveEvent => ({
  id: "1",
  type,
  actor,
  payload,
  created_at: "2026-01-01T00:00:00Z",
});
const commit = (email: string, name = "Mona") => ({ sha: "x", author: { email, name } });

describe("mapGhEvent: real shapes", () => {
  it.each([
    [
      "closed + merged",
      { action: "closed", pull_request: { merged: true, user: { id: 9, login: "ada" } } },
      "pr_merged",
    ],
    [
      "merged (recent pipelines)",
      { action: "merged", pull_request: { user: { id: 9, login: "ada" } } },
      "pr_merged",
    ],
    ["closed, not merged", { action: "closed", pull_request: { merged: false } }, null],
  ])("PullRequestEvent %s", (_label, payload, expected) => {
    expect(mapGhEvent(event("PullRequestEvent", payload))?.type ?? null).toBe(expected);
  });

  it.each([
    ["size", { size: 3, commits: [] }, 3],
    ["commit list only", { commits: [commit("a@x.org"), commit("a@x.org")] }, 2],
    ["neither size nor commits", { ref: "refs/heads/main" }, 1],
    ["size 0 and empty list", { size: 0, commits: [] }, 1],
  ])("PushEvent with %s counts %i commits", (_label, payload, commits) => {
    expect(mapGhEvent(event("PushEvent", payload))?.properties.commits).toBe(commits);
  });

  it("marks a type: Bot actor as a bot account", () => {
    expect(
      mapGhEvent(
        event("IssuesEvent", { action: "opened", issue: {} }, { id: 1, login: "renovate", type: "Bot" }),
      )?.account.type,
    ).toBe("Bot");
  });
});

describe("ownCommitEmail", () => {
  it.each([
    ["one author", [commit(" Ada@Example.org ")], "ada@example.org"],
    ["one author, several commits", [commit("a@x.org"), commit("A@x.org")], "a@x.org"],
    ["mixed authors (a merge of others' work)", [commit("a@x.org"), commit("b@y.org")], undefined],
    ["noreply naming an account", [commit("1+ada@users.noreply.github.com")], undefined],
    [
      "bot author",
      [commit("49699333+dependabot[bot]@users.noreply.github.com", "dependabot[bot]")],
      undefined,
    ],
    ["no commits", [], undefined],
    ["not a list", null, undefined],
  ])("%s", (_label, commits, expected) => {
    expect(ownCommitEmail(commits)).toBe(expected);
  });
});
