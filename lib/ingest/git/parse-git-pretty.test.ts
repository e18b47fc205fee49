// Plain `git log` output in git's own formats, made by git 2.x from one small repository (a merge,
// co-authors, a bot, a non-ASCII name): each reads as the same records as the TSV of that history.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collect, FIXTURES, tempDir } from "../__fixtures__/test-helpers";
import { parseGitLog } from "./parse-git-log";
import { parseBlockDate } from "./parse-git-pretty";

const DIR = path.join(FIXTURES, "git-log-formats");
const read = (name: string) => collect(parseGitLog(path.join(DIR, name)));
const summary = (records: Awaited<ReturnType<typeof read>>["records"]) =>
  records.map((r) =>
    r.kind === "event"
      ? `${r.externalId} ${r.actor.externalId} ${r.occurredAt.toISOString()}`
      : r.kind === "identity"
        ? `${r.externalId} ${r.displayName} ${r.isBot}`
        : r.kind,
  );

async function tempFile(name: string, content: string | Buffer): Promise<string> {
  const file = path.join(await tempDir(), name);
  await writeFile(file, content);
  return file;
}

describe("parseGitLog: plain git log output (commit blocks)", () => {
  it("reads the default format with --stat, --pretty=raw, --format=fuller and -p --decorate as the TSV", async () => {
    const tsv = await read("tsv.txt");
    expect(tsv.events).toHaveLength(6);
    for (const name of ["stat.txt", "raw.txt", "fuller.txt", "patch.txt"]) {
      const parsed = await read(name);
      expect(parsed.bad, name).toEqual([]);
      expect(summary(parsed.records), name).toEqual(summary(tsv.records));
    }
  });

  it("leaves merges out (as --no-merges does), credits Co-authored-by trailers, keeps bots as bots", async () => {
    const { events, identities, rows } = await read("stat.txt");
    expect(rows.filter((r) => r.ok && r.records.length === 0).map((r) => r.line)).toEqual([10]);
    expect(events.filter((e) => e.properties?.coAuthorOf).map((e) => e.actor.externalId)).toEqual([
      "carol@example-corp.co.uk",
      "alice@acme.io",
    ]);
    expect(identities.find((i) => i.displayName === "dependabot[bot]")?.isBot).toBe(true);
    expect(identities.find((i) => i.externalId === "jose@nunez-labs.es")?.displayName).toBe("José Núñez");
  });

  it("reads a Windows-1252 log with --encoding windows-1252", async () => {
    const text = await readFile(path.join(DIR, "stat.txt"), "utf8");
    const file = await tempFile("latin1.txt", Buffer.from(text, "latin1"));
    const { identities, bad } = await collect(parseGitLog(file, { encoding: "windows-1252" }));
    expect(bad).toEqual([]);
    expect(identities.find((i) => i.externalId === "jose@nunez-labs.es")?.displayName).toBe("José Núñez");
  });

  it("quarantines commits without a readable author date, naming the commit's line", async () => {
    const full = await read("full.txt");
    expect(full.records).toEqual([]);
    expect(full.bad.map((b) => b.line)).toEqual([1, 7, 14, 20, 29]);
    expect(full.bad[0].reason).toMatch(/--format=full prints none/);
    const relative = await collect(
      parseGitLog(
        await tempFile(
          "relative.txt",
          "commit 24271492a83834e2dd68d9a2c63b61f689a661ac\nAuthor: A <a@acme.io>\nDate:   3 days ago\n\n    x\n",
        ),
      ),
    );
    expect(relative.bad).toEqual([
      expect.objectContaining({ line: 1, reason: expect.stringContaining('"3 days ago"') }),
    ]);
  });

  it("refuses git shortlog, --oneline and --graph output, saying which it is", async () => {
    await expect(read("shortlog.txt")).rejects.toThrow(
      /shortlog.txt:1: not a git log: .*`git shortlog` output/,
    );
    const oneline = await tempFile("oneline.txt", "b9fe289 Bump x\nf99aced First commit\n");
    await expect(collect(parseGitLog(oneline))).rejects.toThrow(/`git log --oneline` output/);
    const spaced = await tempFile(
      "spaced.txt",
      "b9fe28986bcf8e0082017fb9fce5a615c406c8b2 Alice alice@acme.io 2024-03-05T08:00:00+00:00\n",
    );
    await expect(collect(parseGitLog(spaced))).rejects.toThrow(/separated by spaces: separate them by tabs/);
    const csv = await tempFile("commits.csv", "sha,author_name,author_email,authored_at\n");
    await expect(collect(parseGitLog(csv))).rejects.toThrow(/comma-separated/);
    const graph = await tempFile("graph.txt", "* commit b9fe28986bcf8e0082017fb9fce5a615c406c8b2\n");
    await expect(collect(parseGitLog(graph))).rejects.toThrow(/`git log --graph` output/);
  });

  it("reads --all --source output (the ref after a tab on the commit line)", async () => {
    const text = (await readFile(path.join(DIR, "stat.txt"), "utf8")).replace(
      /^(commit [0-9a-f]{40})$/gm,
      "$1\trefs/heads/main",
    );
    const parsed = await collect(parseGitLog(await tempFile("source.txt", text)));
    expect(summary(parsed.records)).toEqual(summary((await read("tsv.txt")).records));
  });

  it("reads git's default date format", () => {
    expect(parseBlockDate("Thu Oct 24 17:54:35 2024 +0200")?.toISOString()).toBe("2024-10-24T15:54:35.000Z");
    expect(parseBlockDate("Tue Mar 5 08:00:00 2024 -0130")?.toISOString()).toBe("2024-03-05T09:30:00.000Z");
    expect(parseBlockDate("Thu Oct 24 17:54:35 2024")).toBeNull();
    expect(parseBlockDate("1729785275")?.toISOString()).toBe("2024-10-24T15:54:35.000Z");
    expect(parseBlockDate("2024-10-24")).toBeNull();
  });

  it("reads GitHub's commit list (gh api repos/OWNER/REPO/commits --paginate --slurp): logins linked, merges left out", async () => {
    const commit = (
      sha: string,
      name: string,
      email: string,
      date: string,
      extra: Record<string, unknown> = {},
    ) => ({
      sha,
      node_id: "C_x",
      commit: {
        author: { name, email, date },
        committer: { name: "GitHub", email: "noreply@github.com", date },
        message: "Subject",
        tree: { sha: "f".repeat(40), url: "" },
        comment_count: 0,
        verification: { verified: false, reason: "unsigned", signature: null, payload: null },
      },
      url: "",
      html_url: "",
      author: null,
      committer: null,
      parents: [{ sha: "e".repeat(40), url: "", html_url: "" }],
      ...extra,
    });
    const pages = [
      [
        commit("a".repeat(40), "Mona Lisa", "mona@acme.io", "2024-03-01T10:00:00Z", {
          author: { login: "octocat", id: 1, type: "User" },
        }),
        {
          ...commit("b".repeat(40), "Bob", "bob@acme.io", "2024-03-02T10:00:00Z"),
          commit: {
            ...commit("b".repeat(40), "Bob", "bob@acme.io", "2024-03-02T10:00:00Z").commit,
            message: "Pair work\n\nCo-authored-by: Carol <carol@acme.io>",
          },
        },
      ],
      [
        commit("c".repeat(40), "Mona Lisa", "mona@acme.io", "2024-03-03T10:00:00Z", {
          parents: [{ sha: "a".repeat(40) }, { sha: "b".repeat(40) }],
        }),
        commit(
          "d".repeat(40),
          "dependabot[bot]",
          "49699333+dependabot[bot]@users.noreply.github.com",
          "2024-03-04T10:00:00Z",
          {
            author: { login: "dependabot[bot]", id: 49699333, type: "Bot" },
          },
        ),
        commit("e".repeat(40), "Eve", "eve@acme.io", "not a date"),
      ],
    ];
    const counts = { merges: 0 };
    const parsed = await collect(
      parseGitLog(await tempFile("commits.json", JSON.stringify(pages, null, 2)), { counts }),
    );
    expect(parsed.events.map((e) => `${e.externalId.slice(0, 3)} ${e.actor.externalId}`)).toEqual([
      "aaa mona@acme.io",
      "bbb bob@acme.io",
      "bbb carol@acme.io",
      "ddd 49699333+dependabot[bot]@users.noreply.github.com",
    ]);
    expect(parsed.identities.find((i) => i.externalId === "mona@acme.io")?.linkedHandles).toEqual([
      { source: "github", handle: "octocat" },
    ]);
    expect(counts.merges).toBe(1);
    expect(parsed.bad).toEqual([
      expect.objectContaining({ line: 5, reason: "[4].commit.author.date: not a date" }),
    ]);
    // `gh api --paginate` without --slurp prints the pages back to back.
    const paginated = await collect(
      parseGitLog(await tempFile("paginated.json", pages.map((p) => JSON.stringify(p)).join(""))),
    );
    expect(paginated.events).toEqual(parsed.events);
  });
});
