// Robustness: each way a real-world file broke an import, as a tiny hand-written fixture (written
// from the formats' documentation), with the run's status, its message for the CLI and for the web
// page, and the database's row counts afterwards.
import { beforeEach, describe, expect, inject, it } from "vitest";
import { spawnSync } from "node:child_process";
import { cp, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { FIXTURES, tempDir, writeDeflatedZip } from "@/lib/ingest/__fixtures__/test-helpers";
import { listFilesSetAside } from "@/lib/data/imports";
import { runImport } from "./run-import";
import { tableCounts } from "./import-test-helpers";
import { IMPORT_SOURCES } from "./sources";

const db = openTestDatabase();
const SLACK_EXPORT = path.join(FIXTURES, "slack-export");

const GITTER_LINE =
  '{"id":"5f1a","text":"hello","fromUser":{"username":"alice","displayName":"Alice"},"sent":"2020-07-23T10:00:00.000Z"}';
const GITHUB_LINE =
  '{"id":"2489651045","type":"WatchEvent","actor":{"id":583231,"login":"octocat"},"repo":{"id":1,"name":"acme/widgets"},"payload":{"action":"started"},"created_at":"2024-03-01T10:00:00Z"}';
const EVENTS_HEADER = "source,external_id,actor_source,actor_external_id,type,occurred_at,channel";

async function file(name: string, content: string | Buffer): Promise<string> {
  const full = path.join(await tempDir(), name);
  await writeFile(full, content);
  return full;
}

async function storedRun() {
  return db.importRun.findFirstOrThrow({ orderBy: { id: "desc" } });
}

const NOTHING = { members: 0, identities: 0, events: 0 };

describe("imports refuse nonsense loudly and land all or nothing", () => {
  beforeEach(() => truncateAll(db));

  it("a Slack export with one broken day file lands the rest and names the file set aside; --strict refuses it all", async () => {
    const dir = path.join(await tempDir(), "export");
    await cp(SLACK_EXPORT, dir, { recursive: true });
    await writeFile(
      path.join(dir, "general", "2024-03-02.json"),
      '[\n  {"type": "message", "ts": "1709380000.000100", "user": "U01ALICE", "text": "cut sho',
    );
    const lenient = await runImport({ source: "slack", file: dir });
    expect(lenient).toMatchObject({
      status: "succeeded",
      filesSetAside: [
        {
          file: "general/2024-03-02.json",
          line: 2,
          reason: expect.stringMatching(/^day file set aside: not JSON/),
        },
      ],
    });
    expect(lenient.imported).toBeGreaterThan(0);
    expect((await tableCounts(db)).events).toBe(lenient.imported);
    expect(await db.quarantinedRow.count({ where: { file: "general/2024-03-02.json" } })).toBe(1);
    // What the run's page lists under "Files set aside".
    expect(await listFilesSetAside(lenient.importRunId)).toEqual([
      {
        file: "general/2024-03-02.json",
        line: 2,
        reason: expect.stringMatching(/^day file set aside: not JSON/),
      },
    ]);

    await truncateAll(db);
    const strict = await runImport({ source: "slack", file: dir, strict: true });
    expect(strict).toMatchObject({
      status: "failed",
      imported: 0,
      error: expect.stringMatching(/^general\/2024-03-02\.json:2: not JSON/),
    });
    expect(await tableCounts(db)).toMatchObject(NOTHING);
  });

  it("a Slack folder with users.json but no day files is refused", async () => {
    const dir = path.join(await tempDir(), "export");
    await mkdir(dir);
    await cp(path.join(SLACK_EXPORT, "users.json"), path.join(dir, "users.json"));
    const summary = await runImport({ source: "slack", file: dir });
    expect(summary).toMatchObject({
      status: "failed",
      error: expect.stringContaining("no CHANNEL/YYYY-MM-DD.json day files"),
    });
    expect(await tableCounts(db)).toMatchObject(NOTHING);
  });

  it.each([
    [
      "github",
      "gitter.jsonl",
      `${GITTER_LINE}\n${GITTER_LINE.replace("5f1a", "5f1b")}\n`,
      /every one of the 2 rows was refused.*Gitter chat messages/,
      null,
    ],
    [
      "jsonl",
      "events.jsonl",
      `${GITHUB_LINE}\n`,
      /every one of the 1 rows was refused.*GitHub \(GH Archive\) events; try `import github`/,
      "choose the “GitHub — GH Archive” source",
    ],
    [
      "csv",
      "oc.csv",
      "Transaction Description,User Name,User Profile,Transaction Date\nx,y,z,w\n",
      /\(it looks like an Open Collective transactions export\); try `import opencollective`$/,
      "choose the “Open Collective transactions” source",
    ],
    [
      "git",
      "events.jsonl",
      `{"kind":"event","source":"forum","external_id":"1","actor_source":"forum","actor_external_id":"u","type":"forum_post","occurred_at":"2024-01-01T00:00:00Z"}\n`,
      /events\.jsonl:1: not a git log: .* \(it looks like canonical JSONL \(objects with a `kind`\)\); try `import jsonl`$/,
      null,
    ],
    [
      "stripe-events",
      "subscriptions.csv",
      "id,Customer ID,Customer Email,Plan,Status\nsub_1,cus_1,a@b.c,pro,active\n",
      /subscriptions\.csv:1: expected JSON: .* \(it looks like a Stripe Dashboard export \(CSV\), which holds states, not Stripe events: .*stripe sync`\)$/,
      null,
    ],
  ] as const)(
    "import %s on %s fails with what the file looks like",
    async (source, name, content, cli, web) => {
      const input = await file(name, content);
      const summary = await runImport({ source, file: input });
      expect(summary.status).toBe("failed");
      expect(summary.error).toMatch(cli);
      const run = await storedRun();
      expect(run).toMatchObject({ status: "failed", imported: 0, quarantined: 0 });
      expect(run.error).not.toContain(path.dirname(input));
      expect(run.error).not.toContain("`import");
      if (web) expect(run.error).toContain(web);
      expect(await tableCounts(db)).toMatchObject(NOTHING);
      expect(await db.quarantinedRow.count()).toBe(0);
    },
  );

  it("an empty file gets the same answer from every importer", async () => {
    const empty = await file("empty.txt", "");
    const blank = await file("blank.txt", "\n  \n");
    for (const source of IMPORT_SOURCES) {
      for (const input of [empty, blank]) {
        const summary = await runImport({ source, file: input });
        expect(summary, `${source} ${input}`).toMatchObject({
          status: "failed",
          error: `${input}: is empty: there is nothing to import`,
        });
      }
    }
    expect(await tableCounts(db)).toMatchObject(NOTHING);
  });

  it("a folder given to a one-file importer is a sentence, not EISDIR", async () => {
    const summary = await runImport({ source: "github", file: SLACK_EXPORT });
    expect(summary).toMatchObject({
      status: "failed",
      error: expect.stringMatching(
        /is a folder \(it looks like a Slack export folder\); this importer reads one file; try `import slack`/,
      ),
    });
  });

  it.each([
    [
      "UTF-8 with BOM",
      Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(`${EVENTS_HEADER}\nforum,1,forum,jose,forum_post,2024-01-01T00:00:00Z,José Müller\n`),
      ]),
    ],
    [
      "UTF-16 LE with BOM",
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from(
          `${EVENTS_HEADER}\r\nforum,1,forum,jose,forum_post,2024-01-01T00:00:00Z,José Müller\r\n`,
          "utf16le",
        ),
      ]),
    ],
    [
      "UTF-16 BE with BOM",
      Buffer.concat([
        Buffer.from([0xfe, 0xff]),
        Buffer.from(
          `${EVENTS_HEADER}\nforum,1,forum,jose,forum_post,2024-01-01T00:00:00Z,José Müller\n`,
          "utf16le",
        ).swap16(),
      ]),
    ],
  ])("reads a CSV in %s", async (_name, content) => {
    const summary = await runImport({ source: "csv", file: await file("events.csv", content) });
    expect(summary).toMatchObject({ status: "succeeded", imported: 1 });
    expect((await db.activityEvent.findFirstOrThrow()).channel).toBe("José Müller");
  });

  it("refuses Latin-1 told it is UTF-8, naming the first bad line; a git log reads it unless told", async () => {
    const latin1 = Buffer.from(
      "3f2a9c1e5b7d4a6c8e0f1a2b3c4d5e6f7a8b9c0d\tAlice\talice@acme.io\t2024-03-01T10:00:00+01:00\n" +
        "4a1b2c3d4e5f60718293a4b5c6d7e8f901234567\tJosé Müller\tjose@acme.io\t2024-03-02T11:30:00-05:00\n",
      "latin1",
    );
    const input = await file("git.tsv", latin1);
    const refused = await runImport({ source: "git", file: input, encoding: "utf-8" });
    expect(refused).toMatchObject({
      status: "failed",
      error: `${input}:2: not valid UTF-8 text; if the file is Windows-1252 (Latin-1), pass --encoding windows-1252`,
    });
    expect((await storedRun()).error).toBe(
      "git.tsv:2: not valid UTF-8 text; save the file as UTF-8 and upload it again",
    );
    expect(await tableCounts(db)).toMatchObject(NOTHING);

    // Old commits keep the bytes they were written in (curl's history): git reads them without --encoding.
    const read = await runImport({ source: "git", file: input });
    expect(read).toMatchObject({ status: "succeeded", imported: 2 });
    expect(
      (await db.identity.findMany({ select: { displayName: true }, orderBy: { displayName: "asc" } })).map(
        (i) => i.displayName,
      ),
    ).toEqual(["Alice", "José Müller"]);
  });

  it("refuses a 20 MB line fast, naming file and line (CSV and JSONL), storing nothing", async () => {
    const long = "x".repeat(20 * 1024 * 1024);
    const csv = await file(
      "one-line.csv",
      `${EVENTS_HEADER}\nforum,1,forum,u,forum_post,2024-01-01T00:00:00Z,c\nforum,2,forum,u,forum_post,2024-01-01T00:00:00Z,${long}\n`,
    );
    expect(await runImport({ source: "csv", file: csv })).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/one-line\.csv:3: line longer than 16 MB/),
    });
    const quoted = await file(
      "open-quote.csv",
      `${EVENTS_HEADER}\nforum,2,forum,u,forum_post,2024-01-01T00:00:00Z,"${`${"x".repeat(1024 * 1024)}\n`.repeat(17)}`,
    );
    expect(await runImport({ source: "csv", file: quoted })).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/open-quote\.csv:2: line longer than 16 MB/),
    });
    const jsonl = await file("one-line.jsonl", `{"kind":"event","x":"${long}"}`);
    expect(await runImport({ source: "jsonl", file: jsonl })).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/one-line\.jsonl:1: line longer than 16 MB/),
    });
    const oc = await file(
      "oc.csv",
      `Transaction Description,User Name,User Profile,Transaction Date,Collective Currency,Transaction Amount,Subscription Interval\n"${long}`,
    );
    expect(await runImport({ source: "opencollective", file: oc })).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/oc\.csv/),
    });
    expect(await tableCounts(db)).toMatchObject(NOTHING);
  });

  it.each([
    ["an honest header", undefined],
    ["a header that lies about the size", 1000],
  ])(
    "refuses a zip bomb (users.json inflating to 80 MB, %s) as a malformed file, not a crash",
    async (_name, claimedSize) => {
      const zip = path.join(await tempDir(), "bomb.zip");
      const users = Buffer.alloc(80 * 1024 * 1024, 0x20);
      users[0] = 0x5b; // "[" then spaces: only its size is wrong
      await writeDeflatedZip(zip, [
        { name: "users.json", data: users, claimedSize },
        { name: "general/2024-03-01.json", data: Buffer.from("[]") },
      ]);
      const summary = await runImport({ source: "slack", file: zip, displayName: "export.zip" });
      expect(summary).toMatchObject({
        status: "failed",
        error: expect.stringMatching(/^users\.json: (larger than 64 MB once inflated|corrupt zip entry)/),
      });
      expect(await tableCounts(db)).toMatchObject(NOTHING);
    },
  );

  it("a day file inflating past its cap is set aside as a file while the rest lands", async () => {
    const zip = path.join(await tempDir(), "export.zip");
    const { readFile } = await import("node:fs/promises");
    await writeDeflatedZip(zip, [
      { name: "users.json", data: await readFile(path.join(SLACK_EXPORT, "users.json")) },
      {
        name: "general/2024-03-01.json",
        data: await readFile(path.join(SLACK_EXPORT, "general", "2024-03-01.json")),
      },
      { name: "general/2024-03-02.json", data: Buffer.alloc(40 * 1024 * 1024, 0x20), claimedSize: 10 },
    ]);
    const summary = await runImport({ source: "slack", file: zip });
    expect(summary).toMatchObject({
      status: "succeeded",
      filesSetAside: [
        {
          file: "general/2024-03-02.json",
          reason: expect.stringMatching(/larger than 32 MB|corrupt zip entry/),
        },
      ],
    });
    expect((await tableCounts(db)).events).toBeGreaterThan(0);
  });
});

/** Runs the real CLI against the test database. */
function cli(...args: string[]) {
  const result = spawnSync(
    path.resolve("node_modules/.bin/tsx"),
    ["--conditions=react-server", "scripts/cli.ts", ...args],
    {
      env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

describe("the CLI says what went wrong", () => {
  beforeEach(() => truncateAll(db));

  it("exits non-zero with a sentence for a folder, nonsense and a ranking with no paying members", async () => {
    const folder = cli("import", "github", SLACK_EXPORT, "--no-recompute");
    expect(folder.code).toBe(1);
    expect(folder.out).toContain(
      "is a folder (it looks like a Slack export folder); this importer reads one file; try `import slack`",
    );
    expect(folder.out).not.toContain("EISDIR");
    expect(folder.out).toContain("nothing from this file was saved");

    const git = cli(
      "import",
      "git",
      path.join(FIXTURES, "git-log-sample.txt"),
      "--repository",
      "acme/widgets",
      "--no-recompute",
    );
    expect(git.code).toBe(0);
    expect(git.out).toMatch(/100% read/);
    expect(await db.activityEvent.count({ where: { channel: "acme/widgets" } })).toBeGreaterThan(0);

    const atRisk = cli("rank", "at-risk");
    expect(atRisk.code).toBe(1);
    expect(atRisk.out).toContain("No at-risk ranking: there are no paying members to rank");
  }, 300_000);
});
