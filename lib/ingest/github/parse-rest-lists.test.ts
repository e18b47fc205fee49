import path from "node:path";
import { describe, expect, it } from "vitest";
import { collect, FIXTURES } from "../__fixtures__/test-helpers";
import { parseGhArchive } from "./parse-gh-archive";

// Invented accounts in the shapes `gh api --paginate` saves: issues, pulls, issue comments, review comments, a pull's
// reviews and star+json stargazers, one page of each back to back.
const LISTS = path.join(FIXTURES, "github-rest-lists.json");

describe("parseGhArchive (REST API resource lists)", () => {
  it("reads issues, pulls, comments, reviews and stars as the archive's activity, keyed so both lists count a pull once", async () => {
    const { events, bad } = await collect(parseGhArchive(LISTS));
    const rows = events.map((e) => [e.type, e.externalId, e.actor.externalId, e.occurredAt.toISOString()]);
    expect(rows).toEqual([
      ["pr_opened", "rest:lumen-labs/quill#41:opened", "5100201", "2024-03-02T09:15:00.000Z"],
      ["pr_merged", "rest:lumen-labs/quill#41:merged", "5100201", "2024-03-04T11:00:00.000Z"],
      ["issue_opened", "rest:lumen-labs/quill#40:opened", "5100202", "2024-03-01T18:40:00.000Z"],
      // the pulls list names #41 again under the same keys (the import counts them as duplicates)
      ["pr_opened", "rest:lumen-labs/quill#41:opened", "5100201", "2024-03-02T09:15:00.000Z"],
      ["pr_merged", "rest:lumen-labs/quill#41:merged", "5100201", "2024-03-04T11:00:00.000Z"],
      ["pr_opened", "rest:lumen-labs/quill#42:opened", "49699333", "2024-03-05T04:00:00.000Z"],
      ["issue_comment", "rest:issue_comment:1970000001", "5100202", "2024-03-02T10:00:00.000Z"],
      ["issue_comment", "rest:issue_comment:1970000002", "5100201", "2024-03-01T19:02:00.000Z"],
      ["pr_review_comment", "rest:review_comment:1510000001", "5100203", "2024-03-03T08:30:00.000Z"],
      ["pr_review", "rest:review:1900000001", "5100203", "2024-03-03T08:31:00.000Z"],
      ["pr_review", "rest:review:1900000002", "5100203", "2024-03-04T10:58:00.000Z"],
      ["star", "rest:star:5100202:2024-02-20T13:45:10.000Z", "5100202", "2024-02-20T13:45:10.000Z"],
      ["star", "rest:star:5100204:2024-02-21T07:01:55.000Z", "5100204", "2024-02-21T07:01:55.000Z"],
    ]);
    expect(events[0]).toMatchObject({ channel: "lumen-labs/quill", properties: { number: 41 } });
    expect(events[6].properties).toEqual({ number: 41, on_pull_request: true });
    expect(events[9].properties).toEqual({ number: 41, state: "changes_requested" });
    expect(events[11]).toMatchObject({ weight: 0.1, channel: null });
    // A deleted author, and a stargazer saved without star+json, are bad rows that say why; a pending review is no activity.
    expect(bad.map((b) => [b.line, b.reason])).toEqual([
      [3, expect.stringMatching(/no `user`.*deleted/)],
      [14, expect.stringMatching(/no date.*star\+json/)],
    ]);
  });

  it("marks bot accounts and states each account once", async () => {
    const { identities } = await collect(parseGhArchive(LISTS));
    expect(identities.map((i) => [i.externalId, i.handle, i.isBot])).toEqual([
      ["5100201", "mirela-dobre", false],
      ["5100202", "kenta-arai", false],
      ["49699333", "dependabot[bot]", true],
      ["5100203", "sigrid-aasen", false],
      ["5100204", "tomas-ferreira", false],
    ]);
  });
});
