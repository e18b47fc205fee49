// The affiliation form's member picker against a real PostgreSQL: prefixes of a name, a word of it, an email
// or a handle; name prefixes first; ten at most; LIKE wildcards typed as text.
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase } from "@/lib/test/db";
import { MEMBER_PICKER_LIMIT, pickMembers } from "./member-picker";

const db = useTestDatabase();
beforeEach(() => truncateAll(db));

const names = async (q: string) => (await pickMembers(q)).map((m) => m.name);

describe("pickMembers", () => {
  beforeEach(async () => {
    const ada = await db.member.create({
      data: { displayName: "Ada Lovelace", primaryEmail: "ada@example.com" },
    });
    await db.member.create({ data: { displayName: "Grace Hopper", primaryEmail: "admiral@navy.example" } });
    await db.member.create({ data: { displayName: "Bob 50% Smith", primaryEmail: "bob@example.org" } });
    await db.member.create({ data: { displayName: "Clovelly Bot", isBot: true } });
    const linus = await db.member.create({ data: { displayName: "Linus T" } });
    await db.identity.createMany({
      data: [
        { memberId: linus.id, source: "github", externalId: "1", handle: "torvalds" },
        { memberId: ada.id, source: "slack", externalId: "U1", email: "countess@analytical.example" },
      ],
    });
  });

  it("matches the start of a name, of a word in it, of an email and of a handle (with or without @)", async () => {
    expect(await names("ada")).toEqual(["Ada Lovelace"]);
    expect(await names("LOVE")).toEqual(["Ada Lovelace"]);
    expect(await names("admiral@")).toEqual(["Grace Hopper"]);
    expect(await names("countess")).toEqual(["Ada Lovelace"]);
    expect(await names("@torv")).toEqual(["Linus T"]);
    // Not the middle of a word: "velace" is inside "Lovelace", "opper" inside "Hopper".
    expect(await names("velace")).toEqual([]);
    expect(await names("opper")).toEqual([]);
  });

  it("lists bots too, names that start with the text first, and returns id, name and email", async () => {
    // "Clovelly Bot" starts with "clo"; "Ada Lovelace" has no word starting with it.
    expect(await names("clo")).toEqual(["Clovelly Bot"]);
    await db.member.create({ data: { displayName: "Zed Adams" } });
    expect(await names("ad")).toEqual(["Ada Lovelace", "Grace Hopper", "Zed Adams"]);
    const [ada] = await pickMembers("ada lo");
    expect(ada).toEqual({ id: expect.any(Number), name: "Ada Lovelace", email: "ada@example.com" });
  });

  it("reads % and _ as text", async () => {
    expect(await names("bob 50%")).toEqual(["Bob 50% Smith"]);
    expect(await names("bob 5_")).toEqual([]);
    expect(await names("%")).toEqual([]);
  });

  it(`returns ${MEMBER_PICKER_LIMIT} members at most`, async () => {
    await db.member.createMany({
      data: Array.from({ length: 15 }, (_, i) => ({ displayName: `Pat ${String(i).padStart(2, "0")}` })),
    });
    const found = await names("pat");
    expect(found).toHaveLength(MEMBER_PICKER_LIMIT);
    expect(found[0]).toBe("Pat 00");
  });
});
