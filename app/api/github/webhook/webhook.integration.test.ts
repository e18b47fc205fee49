// GitHub webhook deliveries signed with @octokit/webhooks' own signer: a valid delivery adds its
// events at once (with the sync's keys), a forged or unsigned one is refused, a replayed one adds nothing.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Webhooks } from "@octokit/webhooks";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { resetEnvCache } from "@/lib/env";
import { POST } from "./route";

const db = openTestDatabase();
const SECRET = "gh-webhook-secret-for-tests";
const REPO = { id: 1, full_name: "acme/widgets", name: "widgets" };
const alice = { id: 1001, login: "alice", type: "User" };

beforeAll(() => {
  process.env.GITHUB_WEBHOOK_SECRET = SECRET;
  resetEnvCache();
});
afterAll(() => {
  delete process.env.GITHUB_WEBHOOK_SECRET;
  resetEnvCache();
});
beforeEach(() => truncateAll(db));

async function deliver(
  event: string,
  payload: unknown,
  options: { delivery?: string; secret?: string; tamper?: (body: string) => string } = {},
) {
  const body = JSON.stringify(payload);
  const signature = await new Webhooks({ secret: options.secret ?? SECRET }).sign(body);
  return POST(
    new Request("http://localhost/api/github/webhook", {
      method: "POST",
      headers: {
        "x-hub-signature-256": signature,
        "x-github-delivery": options.delivery ?? crypto.randomUUID(),
        "x-github-event": event,
        "content-type": "application/json",
      },
      body: options.tamper ? options.tamper(body) : body,
    }),
  );
}

describe("POST /api/github/webhook", () => {
  it("adds a merged pull request, a review and pushed commits within the request", async () => {
    const merged = await deliver("pull_request", {
      action: "closed",
      number: 7,
      repository: REPO,
      sender: alice,
      pull_request: {
        number: 7,
        user: alice,
        created_at: "2026-12-01T10:00:00Z",
        merged: true,
        merged_at: "2026-12-02T10:00:00Z",
      },
    });
    expect(merged.status).toBe(200);
    await deliver("pull_request_review", {
      action: "submitted",
      repository: REPO,
      sender: alice,
      pull_request: { number: 7 },
      review: {
        id: 55,
        user: { id: 1002, login: "bob" },
        state: "approved",
        submitted_at: "2026-12-02T09:00:00Z",
      },
    });
    await deliver("push", {
      ref: "refs/heads/main",
      repository: REPO,
      sender: alice,
      commits: [
        {
          id: "A".repeat(40),
          timestamp: "2026-12-02T11:00:00Z",
          author: { name: "Alice", email: "alice@acme.io", username: "alice" },
        },
      ],
    });
    const events = await db.activityEvent.findMany({
      select: { source: true, externalId: true, type: true, channel: true },
      orderBy: { externalId: "asc" },
    });
    expect(events).toEqual([
      { source: "git", externalId: "a".repeat(40), type: "commit", channel: "acme/widgets" },
      {
        source: "github",
        externalId: "issue:acme/widgets#7:opened",
        type: "pr_opened",
        channel: "acme/widgets",
      },
      {
        source: "github",
        externalId: "pr:acme/widgets#7:merged",
        type: "pr_merged",
        channel: "acme/widgets",
      },
      { source: "github", externalId: "review:55", type: "pr_review", channel: "acme/widgets" },
    ]);
    // The commit's author email and the GitHub login are one member.
    const members = await db.identity.findMany({
      where: { OR: [{ source: "git" }, { source: "github", handle: "alice" }] },
      select: { memberId: true },
    });
    expect(new Set(members.map((m) => m.memberId)).size).toBe(1);
  });

  it("refuses forged, tampered and unsigned deliveries", async () => {
    const payload = {
      action: "opened",
      repository: REPO,
      sender: alice,
      issue: { number: 1, user: alice, created_at: "2026-12-01T10:00:00Z" },
    };
    expect((await deliver("issues", payload, { secret: "not-the-secret" })).status).toBe(401);
    expect(
      (await deliver("issues", payload, { tamper: (b) => b.replace('"number":1', '"number":2') })).status,
    ).toBe(401);
    const unsigned = await POST(
      new Request("http://localhost/api/github/webhook", {
        method: "POST",
        headers: { "x-github-event": "issues", "x-github-delivery": "x" },
        body: JSON.stringify(payload),
      }),
    );
    expect(unsigned.status).toBe(401);
    expect(await db.activityEvent.count()).toBe(0);
  });

  it("a replayed delivery adds nothing", async () => {
    const payload = {
      action: "created",
      repository: REPO,
      sender: alice,
      issue: { number: 3 },
      comment: {
        id: 9,
        user: alice,
        created_at: "2026-12-03T10:00:00Z",
        html_url: "https://github.com/acme/widgets/issues/3#issuecomment-9",
        issue_url: "x/issues/3",
      },
    };
    const first = await deliver("issue_comment", payload, { delivery: "d-1" });
    expect(await first.json()).toMatchObject({ duplicate: false, imported: 1 });
    const replay = await deliver("issue_comment", payload, { delivery: "d-1" });
    expect(await replay.json()).toMatchObject({ duplicate: true, imported: 0 });
    // Redelivered under a new id, the event's own key still keeps it single.
    expect(await (await deliver("issue_comment", payload, { delivery: "d-2" })).json()).toMatchObject({
      duplicate: false,
      imported: 0,
    });
    expect(await db.activityEvent.count()).toBe(1);
  });
});
