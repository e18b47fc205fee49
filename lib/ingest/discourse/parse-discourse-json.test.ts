// Saved Discourse JSON, shaped as the forum's public endpoints answer (docs.discourse.org: "Get latest
// posts across topics", "Get a single topic"): pages of posts, topics, arrays of pages, JSON lines.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collect, tempDir, zipFolder } from "../__fixtures__/test-helpers";
import { parseDiscourseJson } from "./parse-discourse-json";

function discoursePost(id: number, userId: number | null, extra: Record<string, unknown> = {}) {
  return {
    id,
    name: userId ? `Person ${userId}` : null,
    username: userId ? `person${userId}` : null,
    avatar_template: "/letter_avatar_proxy/v4/letter/p/8edcca/{size}.png",
    created_at: `2024-03-0${1 + (id % 9)}T10:00:00.000Z`,
    cooked: "<p>Hello</p>",
    post_number: 1 + (id % 3),
    post_type: 1,
    updated_at: "2024-03-10T10:00:00.000Z",
    reply_count: 0,
    reply_to_post_number: null,
    quote_count: 0,
    incoming_link_count: 0,
    reads: 3,
    readers_count: 2,
    score: 0.6,
    yours: false,
    topic_id: 40 + (id % 3),
    topic_slug: `topic-${40 + (id % 3)}`,
    topic_title: "A topic",
    category_id: 4,
    display_username: userId ? `Person ${userId}` : null,
    primary_group_name: null,
    version: 1,
    can_edit: false,
    user_id: userId,
    hidden: false,
    trust_level: 1,
    deleted_at: null,
    user_deleted: false,
    wiki: false,
    ...extra,
  };
}

async function file(name: string, content: string): Promise<string> {
  const f = path.join(await tempDir(), name);
  await writeFile(f, content);
  return f;
}

describe("parseDiscourseJson", () => {
  it("reads a saved /posts.json page: posts and replies by user id, small actions and deleted authors left out", async () => {
    const page = {
      latest_posts: [
        discoursePost(10, 7),
        discoursePost(11, 8),
        discoursePost(12, 7, { post_type: 3 }),
        discoursePost(13, null),
        discoursePost(14, -1),
      ],
    };
    const { events, identities, bad } = await collect(
      parseDiscourseJson(await file("posts.json", JSON.stringify(page))),
    );
    expect(bad).toEqual([]);
    expect(events.map((e) => `${e.externalId} ${e.actor.externalId} ${e.type} ${e.channel}`)).toEqual([
      "post:10 7 reply topic-41",
      "post:11 8 reply topic-42",
      "post:14 -1 reply topic-42",
    ]);
    expect(identities.map((i) => [i.externalId, i.handle, i.isBot])).toEqual([
      ["7", "person7", false],
      ["8", "person8", false],
      ["-1", "person-1", true],
    ]);
  });

  it("reads a pretty-printed /t/ID.json, an array of pages, and one page per line alike", async () => {
    const topic = {
      post_stream: {
        posts: [discoursePost(21, 7, { topic_slug: undefined }), discoursePost(22, 9)],
        stream: [21, 22],
      },
      id: 41,
      title: "A topic",
      slug: "a-topic",
      posts_count: 2,
      details: { created_by: { id: 7, username: "person7" } },
    };
    const fromTopic = await collect(parseDiscourseJson(await file("t.json", JSON.stringify(topic, null, 2))));
    expect(fromTopic.events.map((e) => `${e.externalId} ${e.channel}`)).toEqual([
      "post:21 a-topic",
      "post:22 topic-41",
    ]);
    const pages = [{ latest_posts: [discoursePost(30, 7)] }, { latest_posts: [discoursePost(31, 8)] }];
    const fromArray = await collect(parseDiscourseJson(await file("pages.json", JSON.stringify(pages))));
    const fromLines = await collect(
      parseDiscourseJson(await file("pages.jsonl", pages.map((p) => JSON.stringify(p)).join("\n"))),
    );
    expect(fromArray.events.map((e) => e.externalId)).toEqual(["post:30", "post:31"]);
    expect(fromLines.events).toEqual(fromArray.events);
    const appended = await collect(
      parseDiscourseJson(await file("appended.json", pages.map((p) => JSON.stringify(p)).join(""))),
    );
    expect(appended.events).toEqual(fromArray.events);
    expect(fromLines.rows.map((r) => r.line)).toEqual([1, 2]);
  });

  it("quarantines a bad post naming its JSON path; refuses what holds no posts, saying what it is", async () => {
    const page = { latest_posts: [discoursePost(40, 7), discoursePost(41, 7, { created_at: "yesterday" })] };
    const { events, bad } = await collect(parseDiscourseJson(await file("posts.json", JSON.stringify(page))));
    expect(events).toHaveLength(1);
    expect(bad).toEqual([
      expect.objectContaining({ line: 2, reason: "latest_posts[1].created_at: not a date" }),
    ]);
    const latest = await file("latest.json", JSON.stringify({ users: [], topic_list: { topics: [] } }));
    await expect(collect(parseDiscourseJson(latest))).rejects.toThrow(
      /latest\.json:1: not Discourse posts: a topic list/,
    );
    const broken = await file("broken.json", '{"latest_posts": [');
    await expect(collect(parseDiscourseJson(broken))).rejects.toThrow(/broken\.json:1: not JSON/);
  });

  // Shapes from discourse/discourse_api's spec fixtures (responses of a real forum), trimmed.
  it("reads /posts/ID.json alone and a person's /user_actions.json (own topics and replies, same keys)", async () => {
    const single = await collect(
      parseDiscourseJson(await file("post.json", JSON.stringify(discoursePost(50, 7)))),
    );
    expect(single.events.map((e) => `${e.externalId} ${e.type}`)).toEqual(["post:50 reply"]);

    const action = (type: number, postId: number | null, postNumber: number, extra = {}) => ({
      action_type: type,
      created_at: "2016-08-10T14:52:49.660Z",
      slug: "test-topic",
      topic_id: 11,
      target_user_id: 2,
      post_number: postNumber,
      post_id: postId,
      username: "person2",
      name: "Person 2",
      user_id: 2,
      acting_username: "person2",
      acting_name: "Person 2",
      acting_user_id: 2,
      deleted: false,
      hidden: false,
      post_type: postId === null ? null : 1,
      category_id: 9,
      ...extra,
    });
    const actions = {
      user_actions: [
        action(5, 19, 2),
        action(4, null, 1),
        action(4, 18, 1),
        action(1, 20, 3, { acting_user_id: 5, acting_username: "liker" }),
        action(5, 21, 4, { deleted: true }),
      ],
    };
    const { events, identities, bad } = await collect(
      parseDiscourseJson(await file("user_actions.json", JSON.stringify(actions, null, 2))),
    );
    expect(events.map((e) => `${e.externalId} ${e.actor.externalId} ${e.type} ${e.channel}`)).toEqual([
      "post:19 2 reply test-topic",
      "post:18 2 post test-topic",
    ]);
    expect(identities.map((i) => [i.externalId, i.handle])).toEqual([["2", "person2"]]);
    expect(bad).toEqual([
      expect.objectContaining({
        line: 2,
        reason: "user_actions[1].post_id: none (save /t/11.json for this topic's first post)",
      }),
    ]);
  });

  it("refuses an array of users or search results, saying what it holds", async () => {
    const users = await file(
      "active.json",
      JSON.stringify([{ id: 1, username: "test_user", email: "x@example.org", last_seen_at: "2015-01-03" }]),
    );
    await expect(collect(parseDiscourseJson(users))).rejects.toThrow(
      /active\.json:1: not Discourse posts: an array of users that are not posts \(keys: id, username, email/,
    );
  });

  it("leaves out whispers, hidden and withdrawn posts; a post naming only its username is quarantined; a string post_id is read", async () => {
    const noUserId = discoursePost(65, 7) as Record<string, unknown>;
    delete noUserId.user_id;
    const page = {
      latest_posts: [
        discoursePost(60, 7),
        discoursePost(61, 7, { post_type: 4 }),
        discoursePost(62, 8, { hidden: true }),
        discoursePost(63, 8, { user_deleted: true }),
        discoursePost(64, 8, { deleted_at: "2024-03-09T10:00:00.000Z" }),
        noUserId,
      ],
    };
    const { events, bad } = await collect(parseDiscourseJson(await file("posts.json", JSON.stringify(page))));
    expect(events.map((e) => e.externalId)).toEqual(["post:60"]);
    expect(bad).toEqual([
      expect.objectContaining({ line: 6, reason: expect.stringMatching(/^latest_posts\[5\]\.user_id: /) }),
    ]);
    const actions = {
      user_actions: [
        {
          action_type: 5,
          created_at: "2024-03-01T10:00:00Z",
          slug: "s",
          topic_id: 3,
          post_number: 2,
          post_id: "77",
          user_id: 2,
          username: "p2",
          acting_user_id: 2,
          acting_username: "p2",
          hidden: null,
          post_type: null,
        },
      ],
    };
    const fromActions = await collect(parseDiscourseJson(await file("ua.json", JSON.stringify(actions))));
    expect(fromActions.events.map((e) => e.externalId)).toEqual(["post:77"]);
  });

  // Jobs::ExportCsvFile's user_list header and values (Ruby times, a name with a comma quoted twice), invented people.
  it("reads the admin user list export: identities with emails, keyed by user id as posts are", async () => {
    const header =
      "id,name,username,email,title,created_at,last_seen_at,last_posted_at,last_emailed_at,trust_level,approved,suspended_at,suspended_till,silenced_till,active,admin,moderator,ip_address,staged,secondary_emails,topics_entered,posts_read_count,time_read,topic_count,post_count,likes_given,likes_received,location,website,views,group_names";
    const rows = [
      "-1,system,system,no_email,,2020-01-01 00:00:00 UTC,,,,4,true,,,,true,true,false,,false,,0,0,0,0,0,0,0,,,0,admins",
      '7,"""Doe, Jane""",jdoe,Jane.Doe@Example.ORG,,2021-05-04 10:11:12 UTC,2024-03-01 09:00:00 UTC,,,2,false,,,,true,false,true,,false,jd@example.net,10,100,3600,2,14,5,6,"""Oslo, Norway""",,12,',
      "8,Anon,anon8a9c,anon8a9c@anonymized.invalid,,2022-01-01 00:00:00 UTC,,,,0,false,,,,true,false,false,,false,,0,0,0,0,0,0,0,,,0,",
      "x9,Broken,broken,b@example.org,,2022-01-01 00:00:00 UTC,,,,0,false,,,,true,false,false,,false,,0,0,0,0,0,0,0,,,0,",
    ];
    const f = await file("user-list-240301-101112-5.csv", [header, ...rows].join("\n"));
    const { identities, events, bad } = await collect(parseDiscourseJson(f));
    expect(events).toEqual([]);
    expect(identities.map((i) => [i.externalId, i.handle, i.displayName, i.email ?? null, i.isBot])).toEqual([
      ["-1", "system", "system", null, true],
      ["7", "jdoe", "Doe, Jane", "jane.doe@example.org", false],
      ["8", "anon8a9c", "Anon", null, false],
    ]);
    expect(identities[1]).toMatchObject({
      firstSeenAt: new Date("2021-05-04T10:11:12Z"),
      profile: { trustLevel: 2, moderator: true, admin: false },
    });
    expect(bad).toEqual([expect.objectContaining({ line: 5, reason: 'id: not a user id ("x9")' })]);

    // As Discourse hands it out: a zip of the one CSV.
    const zip = path.join(await tempDir(), "user-list-240301-101112-5.zip");
    await zipFolder(path.dirname(f), zip);
    const zipped = await collect(parseDiscourseJson(zip));
    expect(zipped.identities).toEqual(identities);
    expect(zipped.bad).toEqual(bad);
    const notList = await file("other.csv", "a,b\n1,2\n");
    const otherZip = path.join(await tempDir(), "other.zip");
    await zipFolder(path.dirname(notList), otherZip);
    await expect(collect(parseDiscourseJson(otherZip))).rejects.toThrow(
      /other\.zip:other\.csv:1: not a Discourse user list export/,
    );
  });
});
