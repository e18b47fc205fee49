// A forum's admin user list export and a saved /posts.json page imported into a real database: the export's email
// joins the poster's account (keyed by user id in both), whispers and hidden posts land nothing, re-imports add nothing.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { runImport } from "@/lib/services/imports/run-import";
import { memberOf } from "@/lib/services/imports/import-test-helpers";
import { tempDir } from "../__fixtures__/test-helpers";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));

const HEADER =
  "id,name,username,email,title,created_at,last_seen_at,last_posted_at,last_emailed_at,trust_level,approved,suspended_at,suspended_till,silenced_till,active,admin,moderator,ip_address,staged,secondary_emails,topics_entered,posts_read_count,time_read,topic_count,post_count,likes_given,likes_received,location,website,views,group_names";

const post = (id: number, userId: number, extra: Record<string, unknown> = {}) => ({
  id,
  user_id: userId,
  username: `user${userId}`,
  name: null,
  created_at: "2024-03-01T10:00:00.000Z",
  topic_id: 5,
  topic_slug: "welcome",
  post_number: id,
  post_type: 1,
  hidden: false,
  user_deleted: false,
  deleted_at: null,
  ...extra,
});

describe("Discourse files", () => {
  it("user list export then posts: one member with the export's email; bad rows quarantined; re-imports add nothing", async () => {
    const dir = await tempDir();
    const users = path.join(dir, "user-list-240301-101112-1.csv");
    await writeFile(
      users,
      [
        HEADER,
        "7,Ada Example,user7,ada@example.org,,2021-05-04 10:11:12 UTC,,,,2,false,,,,true,false,false,,false,,0,0,0,0,0,0,0,,,0,",
        "oops,Nobody,nobody,n@example.org,,2021-05-04 10:11:12 UTC,,,,2,false,,,,true,false,false,,false,,0,0,0,0,0,0,0,,,0,",
      ].join("\n"),
    );
    const posts = path.join(dir, "posts.json");
    await writeFile(
      posts,
      JSON.stringify({
        latest_posts: [post(1, 7), post(2, 7, { post_type: 4 }), post(3, 8, { hidden: true }), post(4, 8)],
      }),
    );
    expect(await runImport({ source: "discourse", file: users })).toMatchObject({
      status: "succeeded",
      read: 2,
      imported: 1,
      quarantined: 1,
    });
    expect(await db.quarantinedRow.findFirstOrThrow()).toMatchObject({
      line: 3,
      reason: 'id: not a user id ("oops")',
    });
    expect(await runImport({ source: "discourse", file: posts })).toMatchObject({ status: "succeeded" });
    const ada = await memberOf(db, "discourse", "7");
    expect(ada).toBeDefined();
    expect(await db.member.findUniqueOrThrow({ where: { id: ada! } })).toMatchObject({
      primaryEmail: "ada@example.org",
    });
    expect(
      (await db.activityEvent.findMany({ orderBy: { externalId: "asc" } })).map((e) => e.externalId),
    ).toEqual(["post:1", "post:4"]);
    const counts = {
      members: await db.member.count(),
      events: await db.activityEvent.count(),
      ids: await db.identity.count(),
    };
    // An identity-only file counts its rows as imported each time (they update the accounts); nothing is added.
    expect(await runImport({ source: "discourse", file: users })).toMatchObject({ status: "succeeded" });
    expect(await runImport({ source: "discourse", file: posts })).toMatchObject({ imported: 0 });
    expect({
      members: await db.member.count(),
      events: await db.activityEvent.count(),
      ids: await db.identity.count(),
    }).toEqual(counts);
  });
});
