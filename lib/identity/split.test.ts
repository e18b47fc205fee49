import { describe, expect, it } from "vitest";
import { billingOwnedBy, emailDomain, likePrefix, splitMemberName, splitRefusal } from "./split";

const base = { source: "git", externalId: "admin@company.com", displayName: null, handle: null, email: null };

describe("splitMemberName", () => {
  it.each([
    [{ ...base, displayName: " Bob Brown " }, "Bob Brown"],
    [{ ...base, handle: "bobb" }, "bobb"],
    [{ ...base, email: "admin@company.com" }, "admin"],
    [base, "git author"],
    [{ ...base, externalId: "h:3f2a" }, "git author"],
    [{ ...base, source: "slack", externalId: "U02" }, "slack:U02"],
    [{ ...base, displayName: "x".repeat(300) }, "x".repeat(200)],
  ])("%o → %s", (identity, name) => expect(splitMemberName(identity)).toBe(name));
});

describe("splitRefusal", () => {
  it("refuses the only identity and allows one of two", () => {
    expect(splitRefusal({ memberId: 1 }, 1)).toMatch(/only identity/);
    expect(splitRefusal({ memberId: 1 }, 2)).toBeNull();
  });
});

describe("billingOwnedBy", () => {
  it.each([
    [
      { source: "stripe", externalId: "cus_1" },
      { kind: "stripe-customer", customerId: "cus_1" },
    ],
    [
      { source: "opencollective", externalId: "jane" },
      { kind: "id-prefix", source: "opencollective", prefix: "oc:jane:" },
    ],
    [{ source: "csv", externalId: "m-1" }, null],
    [{ source: "git", externalId: "a@b.c" }, null],
  ])("%o", (identity, owned) => expect(billingOwnedBy(identity)).toEqual(owned));
});

describe("likePrefix and emailDomain", () => {
  it("escapes LIKE's wildcards", () => expect(likePrefix("oc:a_b%:")).toBe("oc:a\\_b\\%:%"));
  it.each([
    ["Bob@Company.COM", "company.com"],
    [null, null],
    ["no-at", null],
    ["trailing@", null],
  ])("%s → %s", (email, domain) => expect(emailDomain(email)).toBe(domain));
});
