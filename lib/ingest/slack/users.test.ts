import { describe, expect, it } from "vitest";
import { customFieldTexts, slackUserIdentity, slackUserSchema } from "./users";

const user = (profile: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  slackUserSchema.parse({
    id: "U1",
    name: "ada",
    profile: { real_name: "Ada L", email: "Ada@Example.org", ...profile },
    ...extra,
  });

describe("Slack users: custom profile fields in every shape Slack sends", () => {
  it.each([
    ["a map of fields", { Xf1: { value: "https://github.com/ada-l", alt: "" } }, "ada-l"],
    ["an empty array (no custom fields)", [], null],
    ["a list of fields", [{ id: "Xf1", value: "GitHub: ada-l" }], "ada-l"],
    ["null", null, null],
    ["absent", undefined, null],
    ["the handle in alt", { Xf1: { value: "my code", alt: "github.com/ada-l" } }, "ada-l"],
  ])("fields as %s are accepted", (_label, fields, handle) => {
    const record = slackUserIdentity(user(fields === undefined ? {} : { fields }));
    expect(record.email).toBe("ada@example.org");
    expect(record.linkedHandles?.[0]?.handle ?? null).toBe(handle);
  });

  it("reads the handle from the title first", () => {
    expect(
      slackUserIdentity(
        user({ title: "Compiler person, gh: @ada", fields: { f: { value: "github.com/other" } } }),
      ).linkedHandles,
    ).toEqual([{ source: "github", handle: "ada" }]);
  });

  it.each([
    [{ is_bot: true }, true],
    [{ is_app_user: true }, true],
    [{ id: "USLACKBOT" }, true],
    [{}, false],
  ])("flags bots and app users (%o)", (extra, isBot) => {
    expect(slackUserIdentity(user({}, extra)).isBot).toBe(isBot);
  });

  it("reads only strings out of odd field entries", () => {
    expect(customFieldTexts({ a: { value: 3 }, b: "github.com/x", c: null })).toEqual(["github.com/x"]);
    expect(customFieldTexts("nonsense")).toEqual([]);
  });
});
