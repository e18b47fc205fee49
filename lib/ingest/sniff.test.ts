import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { tempDir } from "./__fixtures__/test-helpers";
import { importerHint, sniffInput } from "./sniff";

async function sniff(content: string | Buffer) {
  const file = path.join(await tempDir(), "input");
  await writeFile(file, content);
  return sniffInput(file);
}

describe("sniffInput", () => {
  it.each([
    ["canonical JSONL", '{"kind":"event","source":"forum"}\n', "jsonl"],
    ["GH Archive", '{"id":"1","type":"PushEvent","actor":{"login":"a"},"repo":{"name":"x/y"}}\n', "github"],
    ["Stripe events", '{"id":"evt_1","object":"event","type":"customer.created"}\n', "stripe-events"],
    ["a Stripe array", '[{"id":"evt_1","object":"event"}]', "stripe-events"],
    ["a git log", "3f2a9c1e5b7d4a6c8e0f1a2b3c4d5e6f7a8b9c0d\tAlice\ta@b.c\t2024-03-01T10:00:00Z\n", "git"],
    ["a git TSV header", "sha\tauthor_name\tauthor_email\tauthored_at\n", "git"],
    [
      "a git log with a subject column",
      "3f2a9c1e5b7d4a6c8e0f1a2b3c4d5e6f7a8b9c0d\tAl\ta@b.c\t2024-03-01 10:00:00 +0100\tfix\n",
      "git",
    ],
    [
      "a REST API event list",
      '[\n  {\n    "id": "1",\n    "type": "WatchEvent",\n    "actor": {"login": "a"}\n  }\n]\n',
      "github",
    ],
    [
      "a pre-2015 GH Archive line",
      '{"type":"WatchEvent","actor":"octocat","repository":{"name":"b"}}\n',
      null,
    ],
    [
      "an Open Collective export",
      "Transaction Description,User Name,User Profile,Transaction Date\n",
      "opencollective",
    ],
    [
      "Open Collective's current export",
      '"datetime","shortId","description","type","kind","amount","currency","oppositeAccountSlug"\n',
      "opencollective",
    ],
    [
      "Open Collective's current export with labels",
      '"Date & Time","Description","Credit/Debit","Kind","Gross Amount","Currency","Opposite Account Handle"\n',
      "opencollective",
    ],
    [
      "Open Collective's members export",
      '"MemberId","createdAt","type","role","tier","isActive","totalAmountDonated","currency","lastTransactionAt","lastTransactionAmount","profile"\n',
      "opencollective",
    ],
    [
      "Discourse's user list export",
      "id,name,username,email,title,created_at,last_seen_at,last_posted_at\n",
      "discourse",
    ],
    ["a canonical CSV", "source,external_id,actor_source,actor_external_id,type,occurred_at\n", "csv"],
    ["Gitter messages", '{"id":"5f","text":"hi","fromUser":{"username":"a"},"sent":"2020-01-01"}\n', null],
    ["an unknown CSV", "a,b,c\n1,2,3\n", null],
    ["blank lines", "\n \n", null],
  ])("%s", async (_name, content, importer) => {
    expect((await sniff(content)).importer).toBe(importer);
  });

  it("names plain git log, GitHub's commit list, saved Discourse posts and Stripe Dashboard CSVs", async () => {
    expect(await sniff("commit 3f2a9c1e5b7d4a6c8e0f1a2b3c4d5e6f7a8b9c0d\nAuthor: A <a@b.c>\n")).toMatchObject(
      {
        importer: "git",
        description: "plain `git log` output",
      },
    );
    expect((await sniff('[{"sha":"3f2a","commit":{"author":{}}}]')).importer).toBe("git");
    expect((await sniff('{"latest_posts":[]}\n')).importer).toBe("discourse");
    expect((await sniff('[{"post_stream":{"posts":[]}}]')).importer).toBe("discourse");
    expect((await sniff('{"user_actions":[]}\n')).importer).toBe("discourse");
    expect((await sniff('{"id":1,"post_number":2,"topic_id":3}\n')).importer).toBe("discourse");
    const subscriptions = await sniff(
      "id,Customer ID,Customer Name,Customer Email,Plan,Status\nsub_1,cus_1,A,a@b.c,p,active\n",
    );
    expect(subscriptions).toMatchObject({
      importer: null,
      description: expect.stringContaining("Stripe Dashboard export"),
    });
    expect(
      (await sniff("id,Description,Email,Name,Created (UTC)\ncus_1,,a@b.c,A,2024-01-01\n")).description,
    ).toMatch(/Stripe Dashboard/);
  });

  it("names a pre-2015 GH Archive file as such, not as unknown JSON", async () => {
    const old =
      '{"created_at":"2013-03-01T10:00:00-08:00","type":"WatchEvent","actor":"octocat","repository":{"name":"b"}}\n';
    expect((await sniff(old)).description).toMatch(/pre-2015 Timeline format/);
  });

  it("looks inside gzip, and names zips, folders and empty files", async () => {
    expect((await sniff(gzipSync('{"kind":"member","member_key":"m1"}\n'))).importer).toBe("jsonl");
    expect(await sniff(Buffer.from([0x50, 0x4b, 3, 4, 0, 0]))).toMatchObject({ importer: "slack" });
    expect(await sniff("")).toMatchObject({ description: "an empty file", importer: null });
    const dir = await tempDir();
    await mkdir(path.join(dir, "export"));
    await writeFile(path.join(dir, "export", "users.json"), "[]");
    expect(await sniffInput(path.join(dir, "export"))).toMatchObject({
      description: "a Slack export folder",
      importer: "slack",
    });
  });

  it("hints at another importer in CLI words and in web words, never at the one used", () => {
    const sniffed = { description: "canonical JSONL", importer: "jsonl" as const };
    expect(importerHint(sniffed, "github")).toEqual({
      cli: "try `import jsonl`",
      web: "choose the “Canonical JSONL” source",
    });
    expect(importerHint(sniffed, "jsonl")).toBeNull();
  });
});
