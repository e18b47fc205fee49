import { describe, expect, it } from "vitest";
import type { IdentityRecord } from "@/lib/ingest/types";
import { organizationsStated } from "./organizations";

const record = (fields: Partial<IdentityRecord>): IdentityRecord => ({
  kind: "identity",
  source: "git",
  externalId: "x",
  ...fields,
});

describe("organizationsStated", () => {
  it.each<[string, Partial<IdentityRecord>, { slug: string; origin: string }[]]>([
    [
      "a git author: the profile names the email's company, one organisation by domain",
      { email: "dev@acme.io", organizationName: "Acme" },
      [{ slug: "acme.io", origin: "email-domain" }],
    ],
    [
      "the same name in other case",
      { email: "dev@acme.io", organizationName: " ACME " },
      [{ slug: "acme.io", origin: "email-domain" }],
    ],
    [
      "a profile naming another company: both",
      { email: "dev@acme.io", organizationName: "Globex" },
      [
        { slug: "acme.io", origin: "email-domain" },
        { slug: "globex", origin: "profile" },
      ],
    ],
    [
      "a public mail domain: the profile only",
      { email: "dev@gmail.com", organizationName: "Gmail" },
      [{ slug: "gmail", origin: "profile" }],
    ],
    ["no email", { organizationName: "Acme" }, [{ slug: "acme", origin: "profile" }]],
    ["nothing stated", { email: null, organizationName: "  " }, []],
  ])("%s", (_, fields, expected) => {
    expect(organizationsStated(record(fields)).map(({ slug, origin }) => ({ slug, origin }))).toEqual(
      expected,
    );
  });
});
