// #18 item 12: malformed query parameters are refused up front (400), never a 500.
import { describe, expect, it } from "vitest";
import { malformedQueryParam } from "./query-params";

describe("malformedQueryParam", () => {
  it.each([
    ["q=ann&page=2&pageSize=50&sort=name", null],
    ["month=2026-11", null],
    ["asOf=2026-02-28&page=", null],
    ["q=%00", /NUL/],
    ["q=a%00b", /NUL/],
    ["q=%ED%A0%80", null], // a malformed UTF-8 sequence decodes to U+FFFD, which is storable
    ["month=0000-01", /month/],
    ["month=2026-13", /month/],
    ["page=1e309", /page: expected a whole number/],
    ["page=-1", /page/],
    ["pageSize=Infinity", /pageSize/],
    ["asOf=0000-01-01", /asOf/],
    ["asOf=2026-02-31x", /asOf/],
    [`q=${"x".repeat(2001)}`, /longer than/],
  ])("%s", (query, expected) => {
    const problem = malformedQueryParam(new URLSearchParams(query));
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });

  // (URLSearchParams turns unpaired surrogates into U+FFFD, so they cannot reach a page as such.)
});
