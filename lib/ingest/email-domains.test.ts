import { describe, expect, it } from "vitest";
import {
  githubLoginFromNoreply,
  isNoreplyEmail,
  isPublicMailDomain,
  normaliseEmail,
  isOwnNameDomain,
  organizationFromEmail,
  registrableDomain,
} from "./email-domains";

describe("normaliseEmail", () => {
  it.each([
    ["  Alice@Acme.IO ", "alice@acme.io"],
    ["mailto:Bob@Example.org", "bob@example.org"],
    ["<carol@example.org>", "carol@example.org"],
    ["Captivea", null],
    ["", null],
    [null, null],
    ["a@b@c.com", null],
    ["@acme.com", null],
    ["x@", null],
    // yiisoft/yii2's history: git's placeholder for an unset user.email, and a typo
    ["andrey@presario.(none)", null],
    ["koalaester@gmail,com", null],
    ["two words@acme.com", null],
    ["x@acme..com", null],
  ])("%j → %j", (raw, expected) => {
    expect(normaliseEmail(raw)).toBe(expected);
  });
});

describe("registrableDomain", () => {
  it.each([
    ["acquia.com", "acquia.com"],
    ["eu.mail.acquia.com", "acquia.com"],
    ["example-corp.co.uk", "example-corp.co.uk"],
    ["dev.example-corp.co.uk", "example-corp.co.uk"],
    ["mail.empresa.com.br", "empresa.com.br"],
    ["cs.ox.ac.uk", "ox.ac.uk"],
    ["team.co", "team.co"],
    ["foo.comarch.pl", "comarch.pl"],
  ])("%s → %s", (domain, expected) => {
    expect(registrableDomain(domain)).toBe(expected);
  });
});

describe("isPublicMailDomain", () => {
  it.each([
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.co.uk",
    "yahoo.fr",
    "hotmail.com",
    "hotmail.co.uk",
    "outlook.com",
    "outlook.de",
    "live.com",
    "live.fr",
    "msn.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "protonmail.com",
    "proton.me",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.ru",
    "yandex.ru",
    "yandex.com",
    "qq.com",
    "163.com",
    "126.com",
    "zoho.com",
    "fastmail.com",
    "hey.com",
    "seznam.cz",
    "ymail.com",
  ])("%s is public", (domain) => {
    expect(isPublicMailDomain(domain)).toBe(true);
  });
  it.each(["acquia.com", "mautic.com", "dropsolid.com", "example-corp.co.uk", "gmailer.io"])(
    "%s is not public",
    (domain) => {
      expect(isPublicMailDomain(domain)).toBe(false);
    },
  );
});

describe("noreply addresses", () => {
  it.each([
    ["lordrembo@users.noreply.github.com", true, "lordrembo"],
    ["583231+octocat@users.noreply.github.com", true, "octocat"],
    ["noreply@github.com", true, null],
    ["no-reply@acme.com", true, null],
    ["donotreply@acme.com", true, null],
    ["noreply-builds@acme.com", true, null],
    ["alice@acme.com", false, null],
    ["noreen@acme.com", false, null],
    ["no+reply@roygbyte.com", true, null],
    ["jane+billing@acme.com", false, null],
  ])("%s → noreply %s, github %s", (email, noreply, login) => {
    expect(isNoreplyEmail(email)).toBe(noreply);
    expect(githubLoginFromNoreply(email)).toBe(login);
  });
});

describe("organizationFromEmail", () => {
  it.each([
    ["dev@acquia.com", { domain: "acquia.com", name: "Acquia" }],
    ["Someone@EU.Acquia.com", { domain: "acquia.com", name: "Acquia" }],
    ["x@webmecanik.com", { domain: "webmecanik.com", name: "Webmecanik" }],
    ["x@comarch.pl", { domain: "comarch.pl", name: "Comarch" }],
    ["dave@example-corp.co.uk", { domain: "example-corp.co.uk", name: "Example Corp" }],
    ["ana@minha-empresa.com.br", { domain: "minha-empresa.com.br", name: "Minha Empresa" }],
    ["bob@gmail.com", null],
    ["bob@yahoo.co.uk", null],
    ["bob@gmx.de", null],
    ["lordrembo@users.noreply.github.com", null],
    ["noreply@acquia.com", null],
    ["me@alans-mac.local", null],
    ["qiang@air.(none)", null],
    ["pzaremba@omnom", null],
    ["root@10.0.0.1", null],
    ["info@bücher.de", { domain: "bücher.de", name: "Bücher" }],
    ["me@gabes-mbp.fios-router.home", null],
    ["root@localhost", null],
    ["root@10.0.0.1", null],
    ["Captivea", null],
    [null, null],
  ])("%j → %j", (email, expected) => {
    expect(organizationFromEmail(email)).toEqual(expected);
  });
});

describe("a domain named after the person who uses it names no organisation", () => {
  // Authors of the Mautic git log (shared/data/mautic-commits.tsv) and their own domains.
  it.each([
    ["zdeno@kuzmany.biz", "Zdeno Kuzmany"],
    ["lukas@drahy.net", "Lukáš Drahý"],
    ["dennis@dennisameling.com", "Dennis Ameling (he/him)"],
    ["jakub@hadamcik.cz", "Jakub Hadamčík"],
    ["dana@linhart.email", "Dana Linhartová"],
    ["don@dongilbert.net", "Don Gilbert"],
    ["jane@jdoe.net", "Jane Doe"],
    ["don@dongilbert.net", "Donald Gilbert"],
    ["konstantin@konstantin.codes", "Konstantin Scheumann"],
  ])("%s (%s)", (email, name) => {
    expect(organizationFromEmail(email, name)).toBeNull();
    expect(organizationFromEmail(email)).not.toBeNull();
  });

  it.each([
    ["alan@devkardia.com", "Alan Hartless", "Devkardia"],
    ["admin@escope.cz", "John Linhart", "Escope"],
    ["mbabker@flbab.com", "Michael Babker", "Flbab"],
    ["nilesh.lohar@acquia.com", "Nilesh Lohar", "Acquia"],
    ["ana@acme.com", "Ana", "Acme"],
    ["li@ab.com", "Li Ab", "Ab"],
    ["marcel@trampos.co", "trampos.co", "Trampos"],
    // Names from the Mautic log that are a company's or a handle, not a person's.
    ["norman@webmecanik.com", "Norman Pracht - Webmecanik", "Webmecanik"],
    ["x@mautic.com", "Mautic", "Mautic"],
    ["y@captivea.fr", "captivea-ylb", "Captivea"],
    ["z@woeler.eu", "Woeler", "Woeler"],
  ])("keeps %s (%s) at %s", (email, name, org) => {
    expect(organizationFromEmail(email, name)?.name).toBe(org);
  });

  it("needs a name", () => {
    expect(isOwnNameDomain("kuzmany.biz", null)).toBe(false);
    expect(isOwnNameDomain("kuzmany.biz", "")).toBe(false);
  });
});
