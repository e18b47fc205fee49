// API errors carry a stable `code` beside the message, so clients never parse the wording.
import { describe, expect, it } from "vitest";
import { apiRoute, jsonError } from "./handler";

describe("jsonError", () => {
  it.each([
    [400, "bad_request"],
    [401, "unauthorized"],
    [403, "forbidden"],
    [404, "not_found"],
    [409, "conflict"],
    [429, "rate_limited"],
    [500, "internal_error"],
    [418, "bad_request"],
    [502, "internal_error"],
  ])("status %i → code %s", async (status, code) => {
    const response = jsonError(status, "Something happened");
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: "Something happened", code });
  });

  it("keeps details and takes an explicit code", async () => {
    expect(await jsonError(400, "Bad", [{ path: ["x"] }], "invalid_request").json()).toEqual({
      error: "Bad",
      code: "invalid_request",
      details: [{ path: ["x"] }],
    });
  });
});

describe("apiRoute", () => {
  it("answers a malformed Authorization header with 401 and code unauthorized", async () => {
    const route = apiRoute("read", async () => new Response("never"));
    const response = await route(
      new Request("http://localhost/api/v1/members", { headers: { authorization: "Basic abc" } }),
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "Malformed Authorization header", code: "unauthorized" });
  });
});
