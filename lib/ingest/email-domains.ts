// Email normalisation and email-domain → organisation: public mail providers and noreply
// addresses name no organisation; a company domain names one ("acquia.com" → "Acquia").

/** Trimmed, lower-cased address (angle brackets and "mailto:" removed), or null when it is not an address. */
export function normaliseEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let email = raw.trim().toLowerCase();
  if (email.startsWith("mailto:")) email = email.slice(7);
  if (email.startsWith("<") && email.endsWith(">")) email = email.slice(1, -1).trim();
  const at = email.lastIndexOf("@");
  if (at <= 0 || at === email.length - 1 || email.indexOf("@") !== at) return null;
  if (email.includes(" ") || email.includes("\t")) return null;
  const domain = email.slice(at + 1);
  if (domain.startsWith(".") || domain.endsWith(".") || domain.includes("..")) return null;
  // git's placeholder when user.email is unset ("andrey@presario.(none)"), a typo ("x@gmail,com"): no mailbox.
  if (/[(),;:<>[\]\\"]/.test(domain)) return null;
  return email;
}

/** The domain part of a normalised address. */
export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1);
}

const NOREPLY_LOCAL_PARTS = new Set([
  "noreply",
  "no-reply",
  "no_reply",
  "donotreply",
  "do-not-reply",
  "do_not_reply",
  "mailer-daemon",
  "nobody",
]);

/** Addresses nobody reads: noreply@..., no-reply@..., *@users.noreply.github.com, *@noreply.*. */
export function isNoreplyEmail(email: string): boolean {
  const at = email.lastIndexOf("@");
  // "no+reply@" (seen in a real history) reads as "noreply" with a "+" in it.
  const local = email.slice(0, at).replace("+", "");
  const domain = email.slice(at + 1);
  if (NOREPLY_LOCAL_PARTS.has(local)) return true;
  if (local.startsWith("noreply") || local.startsWith("no-reply") || local.startsWith("no_reply"))
    return true;
  return domain.startsWith("noreply.") || domain.includes(".noreply.") || domain.startsWith("no-reply.");
}

/** The GitHub login inside a "12345+login@users.noreply.github.com" address, else null. */
export function githubLoginFromNoreply(email: string): string | null {
  const suffix = "@users.noreply.github.com";
  if (!email.endsWith(suffix)) return null;
  const local = email.slice(0, -suffix.length);
  const plus = local.indexOf("+");
  const login = plus === -1 ? local : local.slice(plus + 1);
  return login.length > 0 ? login : null;
}

/** The GitHub account number inside a "12345+login@users.noreply.github.com" address, else null. */
export function githubIdFromNoreply(email: string): string | null {
  const match = /^(\d+)\+[^@]+@users\.noreply\.github\.com$/i.exec(email.trim());
  return match ? match[1] : null;
}

/** Public mail providers, matched on the whole domain or its registrable domain. */
const PUBLIC_MAIL_DOMAINS = new Set([
  // global webmail
  "gmail.com",
  "googlemail.com",
  "msn.com",
  "passport.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "privaterelay.appleid.com",
  "aim.com",
  "protonmail.com",
  "protonmail.ch",
  "proton.me",
  "pm.me",
  "zoho.com",
  "zohomail.com",
  "zohomail.eu",
  "fastmail.com",
  "fastmail.fm",
  "fastmail.net",
  "hey.com",
  "tutanota.com",
  "tutanota.de",
  "tutamail.com",
  "tuta.io",
  "tuta.com",
  "mail.com",
  "email.com",
  "usa.com",
  "inbox.com",
  "hushmail.com",
  "lycos.com",
  "excite.com",
  "duck.com",
  "mailbox.org",
  "posteo.de",
  "posteo.net",
  "riseup.net",
  "disroot.org",
  "runbox.com",
  "ymail.com",
  "rocketmail.com",
  "yopmail.com",
  "mailinator.com",
  "guerrillamail.com",
  "10minutemail.com",
  "startmail.com",
  // Germany, Austria, Switzerland
  "web.de",
  "t-online.de",
  "freenet.de",
  "arcor.de",
  "mail.de",
  "online.de",
  "1und1.de",
  "bluewin.ch",
  "hispeed.ch",
  "sunrise.ch",
  "gmx.at",
  "chello.at",
  "aon.at",
  // France, Benelux, Italy, Spain, Portugal
  "orange.fr",
  "wanadoo.fr",
  "free.fr",
  "laposte.net",
  "sfr.fr",
  "neuf.fr",
  "club-internet.fr",
  "bbox.fr",
  "numericable.fr",
  "libero.it",
  "virgilio.it",
  "tiscali.it",
  "alice.it",
  "tin.it",
  "fastwebnet.it",
  "telenet.be",
  "skynet.be",
  "ziggo.nl",
  "kpnmail.nl",
  "home.nl",
  "planet.nl",
  "hetnet.nl",
  "xs4all.nl",
  "telefonica.net",
  "terra.es",
  "sapo.pt",
  // Central and Eastern Europe, Nordics
  "seznam.cz",
  "email.cz",
  "centrum.cz",
  "atlas.cz",
  "post.cz",
  "volny.cz",
  "tiscali.cz",
  "centrum.sk",
  "azet.sk",
  "zoznam.sk",
  "wp.pl",
  "o2.pl",
  "onet.pl",
  "op.pl",
  "interia.pl",
  "interia.eu",
  "gazeta.pl",
  "tlen.pl",
  "poczta.fm",
  "abv.bg",
  "mail.bg",
  "inbox.lv",
  "inbox.lt",
  "mail.ee",
  "hot.ee",
  "online.no",
  "telia.com",
  "bredband.net",
  "spray.se",
  "freemail.hu",
  "citromail.hu",
  "ukr.net",
  "i.ua",
  "meta.ua",
  // Russia and CIS
  "mail.ru",
  "bk.ru",
  "list.ru",
  "inbox.ru",
  "internet.ru",
  "rambler.ru",
  "ya.ru",
  // Asia
  "qq.com",
  "foxmail.com",
  "163.com",
  "126.com",
  "yeah.net",
  "sina.com",
  "sina.cn",
  "sohu.com",
  "aliyun.com",
  "139.com",
  "naver.com",
  "daum.net",
  "hanmail.net",
  "rediffmail.com",
  // UK, Americas, Oceania ISPs
  "btinternet.com",
  "sky.com",
  "virginmedia.com",
  "ntlworld.com",
  "talktalk.net",
  "blueyonder.co.uk",
  "comcast.net",
  "verizon.net",
  "att.net",
  "sbcglobal.net",
  "bellsouth.net",
  "cox.net",
  "charter.net",
  "earthlink.net",
  "optonline.net",
  "juno.com",
  "netzero.net",
  "rr.com",
  "roadrunner.com",
  "windstream.net",
  "frontier.com",
  "q.com",
  "embarqmail.com",
  "shaw.ca",
  "rogers.com",
  "sympatico.ca",
  "videotron.ca",
  "bigpond.com",
  "bigpond.net.au",
  "optusnet.com.au",
  "iinet.net.au",
  "telstra.com",
  "xtra.co.nz",
  "uol.com.br",
  "bol.com.br",
  "terra.com.br",
  "ig.com.br",
  "prodigy.net.mx",
]);

/** Providers whose registrable label is public under any suffix (yahoo.fr, hotmail.co.uk, gmx.net...). */
const PUBLIC_MAIL_LABELS = new Set([
  "yahoo",
  "hotmail",
  "outlook",
  "live",
  "windowslive",
  "gmx",
  "yandex",
  "aol",
  "ymail",
]);

/** Host names that are not internet domains (a laptop's default git config, test domains). */
const NON_PUBLIC_TLDS = new Set([
  "local",
  "localdomain",
  "localhost",
  "lan",
  "home",
  "internal",
  "intranet",
  "corp",
  "invalid",
  "example",
  "test",
  "private",
  "domain",
  "router",
  "box",
]);

/** Second-level labels under which a ccTLD registers names: co.uk, com.br, ac.jp, ... */
const SECOND_LEVEL_LABELS = new Set([
  "co",
  "com",
  "net",
  "org",
  "gov",
  "edu",
  "ac",
  "or",
  "ne",
  "go",
  "ltd",
  "plc",
  "gob",
  "gouv",
  "nic",
  "mil",
  "sch",
  "nom",
  "biz",
  "info",
  "int",
  "me",
  "ed",
  "lg",
  "ad",
  "gen",
  "firm",
  "res",
]);

/** The registrable domain: the label before the public suffix plus the suffix. */
export function registrableDomain(domain: string): string {
  const labels = domain.split(".");
  if (labels.length <= 2) return domain;
  const tld = labels[labels.length - 1];
  const second = labels[labels.length - 2];
  const takeThree = tld.length === 2 && SECOND_LEVEL_LABELS.has(second);
  return labels.slice(takeThree ? -3 : -2).join(".");
}

/** True when the domain is a public mail provider (gmail.com, yahoo.co.uk, gmx.de, ...). */
export function isPublicMailDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  if (PUBLIC_MAIL_DOMAINS.has(d)) return true;
  const registrable = registrableDomain(d);
  if (PUBLIC_MAIL_DOMAINS.has(registrable)) return true;
  return PUBLIC_MAIL_LABELS.has(registrable.slice(0, registrable.indexOf(".")));
}

/** A readable company name from a registrable domain: "acquia.com" → "Acquia", "red-hat.co.uk" → "Red Hat". */
export function organizationNameFromDomain(registrable: string): string {
  const label = registrable.slice(0, registrable.indexOf(".") === -1 ? undefined : registrable.indexOf("."));
  return label
    .split(/[-_]+/)
    .filter((word) => word.length > 0)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(" ");
}

export interface EmailOrganization {
  /** The registrable domain, e.g. "acquia.com" for "dev@eu.acquia.com". */
  domain: string;
  name: string;
}

const fold = (text: string) =>
  text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();

/**
 * A person's own domain names no organisation: its label is their name ("dennisameling.com" for Dennis
 * Ameling, "jdoe.net" for Jane Doe), or their surname ("kuzmany.biz" for Zdeno Kuzmany, "hadamcik.cz"
 * for Jakub Hadamčík, "linhart.email" for Dana Linhartová too), or their first name ("konstantin.codes").
 * Only a name of two words or more counts; diacritics, "(he/him)" and a company after " - " are ignored.
 */
export function isOwnNameDomain(registrable: string, personName: string | null | undefined): boolean {
  // A "name" that is the domain itself ("trampos.co") is the company signing its commits.
  if (!personName || fold(personName).includes(registrable)) return false;
  const label = fold(registrable.split(".")[0]).replace(/[^a-z]/g, "");
  // The person's name only: not a company added after it ("Norman Pracht - Webmecanik", "Anderson, from Dropsolid").
  const person = personName.replace(/\([^)]*\)/g, " ").split(/\s[-–—|@]\s|,/)[0];
  const words = fold(person)
    .split(/\s+/)
    .map((w) => w.replace(/[^a-z]/g, ""))
    .filter((w) => w.length >= 2);
  // One word ("Mautic", "captivea-ylb", "woeler") is a handle or the company itself: no evidence.
  if (label.length < 3 || words.length < 2) return false;
  const first = words[0];
  const last = words[words.length - 1];
  if ([words.join(""), first, last, last + first].includes(label)) return true;
  // The first name, or its start ("don" for Donald), then the surname: "dongilbert", "jdoe".
  if (label.endsWith(last) && label.length > last.length && first.startsWith(label.slice(0, -last.length)))
    return true;
  // A surname's other forms: "linhart" for Linhartová.
  return label.length >= 5 && last.startsWith(label);
}

/**
 * The organisation an address belongs to, or null for public providers, noreply and non-internet
 * domains, and for a domain named after the person who uses it (`personName`, when known).
 */
export function organizationFromEmail(
  raw: string | null | undefined,
  personName?: string | null,
): EmailOrganization | null {
  const email = normaliseEmail(raw);
  if (!email || isNoreplyEmail(email)) return null;
  const domain = emailDomain(email);
  const lastDot = domain.lastIndexOf(".");
  if (lastDot === -1) return null;
  const tld = domain.slice(lastDot + 1);
  // A top-level domain is letters (or punycode): "mark-pc", "air.(none)", "10.0.0.1" are machines.
  if (NON_PUBLIC_TLDS.has(tld) || !/^(\p{L}{2,63}|xn--[a-z0-9-]+)$/u.test(tld)) return null;
  if (isPublicMailDomain(domain)) return null;
  const registrable = registrableDomain(domain);
  if (isOwnNameDomain(registrable, personName)) return null;
  const name = organizationNameFromDomain(registrable);
  return name ? { domain: registrable, name } : null;
}
