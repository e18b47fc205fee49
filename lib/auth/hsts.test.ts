// #18 item 14: Strict-Transport-Security on every page response when NEXTAUTH_URL is https.
import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { proxy } from "@/proxy";

const original = process.env.NEXTAUTH_URL;
afterEach(() => {
  process.env.NEXTAUTH_URL = original;
});

describe("HSTS", () => {
  it("is sent when the site is served over https, on pages and on the sign-in redirect", () => {
    process.env.NEXTAUTH_URL = "https://groundswell.example";
    expect(
      proxy(new NextRequest("https://groundswell.example/login")).headers.get("strict-transport-security"),
    ).toMatch(/max-age=31536000/);
    const redirect = proxy(new NextRequest("https://groundswell.example/members"));
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get("strict-transport-security")).toMatch(/max-age=31536000/);
  });

  it("is not sent over plain http (it would pin a site that cannot do https)", () => {
    process.env.NEXTAUTH_URL = "http://localhost:3000";
    expect(
      proxy(new NextRequest("http://localhost:3000/login")).headers.get("strict-transport-security"),
    ).toBeNull();
  });
});

describe("malformed query parameters (#18 item 12)", () => {
  it.each(["/members?q=%00", "/reports?month=0000-01", "/members?page=1e309", "/api/v1/members?q=a%00"])(
    "%s is a 400 before any page or route runs",
    (url) => {
      const response = proxy(
        new NextRequest(`http://localhost${url}`, { headers: { cookie: "next-auth.session-token=x" } }),
      );
      expect(response.status).toBe(400);
    },
  );
});
