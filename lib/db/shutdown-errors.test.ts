import { describe, expect, it } from "vitest";
import { isDatabaseShutdownError } from "./shutdown-errors";

describe("isDatabaseShutdownError", () => {
  it.each([
    [{ code: "57P01" }, true],
    [new Error("terminating connection due to administrator command"), true],
    [new Error("wrapped", { cause: { code: "ECONNREFUSED" } }), true],
    [new Error("Raw query failed. Code: `57P01`."), true],
    [new Error("Database error. Code: `57P03`. Message: `the database system is shutting down`"), true],
    [{ code: "57P03" }, true],
    [new Error("duplicate key value violates unique constraint"), false],
    [{ code: "23505" }, false],
    ["57P01 as a bare string is not an error object", false],
    [null, false],
  ])("%o → %s", (error, expected) => {
    expect(isDatabaseShutdownError(error)).toBe(expected);
  });
});
