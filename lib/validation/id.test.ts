import { describe, expect, it } from "vitest";
import { parseRouteId, idSchema } from "./id";

describe("parseRouteId", () => {
  it.each([
    ["1", 1],
    ["42", 42],
    ["2147483647", 2_147_483_647],
  ])("reads %s as %i", (segment, id) => {
    expect(parseRouteId(segment)).toBe(id);
  });

  it.each(["", "0", "-3", "1.5", "abc", "2147483648", "99999999999999999999", undefined])(
    "refuses %s",
    (segment) => {
      expect(parseRouteId(segment)).toBeNull();
      expect(idSchema.safeParse(segment).success).toBe(false);
    },
  );
});
