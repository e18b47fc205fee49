import { describe, expect, it } from "vitest";
import { withoutServerPaths } from "./server-paths";

describe("withoutServerPaths (#18 item 12)", () => {
  it.each([
    [
      "/srv/groundswell/.data/uploads/2026-12-06-ab12-export.zip: no such file or folder",
      "2026-12-06-ab12-export.zip: no such file or folder",
    ],
    ["users.json line 3: bad JSON", "users.json line 3: bad JSON"],
    [
      "ENOENT: no such file or directory, open '/tmp/x/y.csv'",
      "ENOENT: no such file or directory, open 'y.csv'",
    ],
    ["entry (/home/a/b/c.json) too large", "entry (c.json) too large"],
    ["ratio 3/4 kept", "ratio 3/4 kept"],
    ["see https://example.com/a/b", "see https://example.com/a/b"],
  ])("%s", (input, expected) => {
    expect(withoutServerPaths(input)).toBe(expected);
  });
});
