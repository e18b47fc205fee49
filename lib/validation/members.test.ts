import { describe, expect, it } from "vitest";
import { memberPickerQuerySchema } from "./members";

describe("memberPickerQuerySchema", () => {
  it.each([
    [{ q: "  ada " }, { q: "ada" }],
    [{ q: "a" }, null],
    [{ q: "   " }, null],
    [{ q: "x".repeat(121) }, null],
    [{ q: 42 }, null],
    [{}, null],
  ])("%j → %j", (input, expected) => {
    const parsed = memberPickerQuerySchema.safeParse(input);
    expect(parsed.success ? parsed.data : null).toEqual(expected);
  });
});
