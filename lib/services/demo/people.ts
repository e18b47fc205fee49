// Demo people: organisations with email domains, members with personas, join weeks that grow over
// time, and their accounts on Slack, GitHub, the forum and Meetup (pure; seeded by the caller's Rng).
import {
  CITIES,
  FIRST_NAMES,
  FORUM,
  GITHUB,
  LAST_NAMES,
  MEETUP,
  ORG_NAMES,
  PERSONAL_EMAIL_DOMAINS,
  SLACK,
  SOURCES,
  STAFF_ORG,
  TAGS,
} from "./catalog";
import type { Rng } from "./random";
import type { DemoIdentity, DemoMember, DemoOrg, Persona } from "./types";

export const STAFF_COUNT = 5;
const ORG_COUNT = 60;
const AFFILIATED_SHARE = 0.35;
const FOUNDER_SHARE = 0.3;
/** Joins per week grow linearly to (1 + GROWTH) times the first week's rate. */
const GROWTH = 1.0;

const PERSONA_MIX: readonly [Persona, number][] = [
  ["lurker", 0.35],
  ["regular", 0.25],
  ["ramper", 0.1],
  ["fader", 0.12],
  ["burster", 0.1],
  ["contributor", 0.08],
];

export interface People {
  orgs: DemoOrg[];
  members: DemoMember[];
  identities: DemoIdentity[];
}

/** ASCII, lower-case letters only: "Tomás O'Brien" → "tomas", "obrien". */
function slugPart(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();
}

function makeOrgs(rng: Rng): DemoOrg[] {
  const orgs: DemoOrg[] = [
    {
      name: STAFF_ORG.name,
      slug: "demo-groundswell-foundation",
      domain: STAFF_ORG.domain,
      country: STAFF_ORG.country,
      isStaffOrg: true,
    },
  ];
  for (const name of ORG_NAMES.slice(0, ORG_COUNT)) {
    const base = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    orgs.push({
      name,
      slug: `demo-${base}`,
      domain: `${base.replace(/-/g, "")}.example`,
      country: rng.pick(CITIES).country,
      isStaffOrg: false,
    });
  }
  return orgs;
}

/** Week of first activity: founders in the first fortnight, the rest on a linearly rising density. */
function joinWeek(rng: Rng, weeks: number): number {
  if (rng.chance(FOUNDER_SHARE)) return rng.int(0, 1);
  const u = rng.next();
  const x = (-1 + Math.sqrt(1 + 2 * GROWTH * u * (1 + GROWTH / 2))) / GROWTH;
  return Math.min(weeks - 1, Math.floor(x * weeks));
}

/** Which platforms a member uses: a third on exactly one, the rest on an independent mix (never none). */
function sourceMask(rng: Rng, persona: Persona): number {
  if (persona === "contributor" || persona === "staff")
    return 1 | 2 | (rng.chance(0.6) ? 4 : 0) | (rng.chance(0.55) ? 8 : 0);
  if (rng.chance(0.28)) return 1 << rng.weighted([0.55, 0.25, 0.15, 0.05]);
  let mask = 0;
  if (rng.chance(0.9)) mask |= 1;
  if (rng.chance(persona === "lurker" ? 0.3 : 0.5)) mask |= 2;
  if (rng.chance(0.4)) mask |= 4;
  if (rng.chance(persona === "lurker" ? 0.15 : 0.3)) mask |= 8;
  return mask === 0 ? 1 : mask;
}

class UniqueNames {
  private seen = new Set<string>();
  take(candidate: string, rng: Rng): string {
    let name = candidate;
    while (this.seen.has(name)) name = `${candidate}${rng.int(2, 999)}`;
    this.seen.add(name);
    return name;
  }
}

export function generatePeople(rng: Rng, memberCount: number, weeks: number): People {
  const orgs = makeOrgs(rng);
  // A few large organisations and a long tail (Zipf-like), over the non-staff orgs.
  const orgWeights = orgs.map((o, i) => (o.isStaffOrg ? 0 : 1 / Math.pow(i, 0.95)));
  const cityWeights = CITIES.map((c) => c.weight);
  const emails = new UniqueNames();
  const logins = new UniqueNames();
  const tokens = new UniqueNames();
  const members: DemoMember[] = [];
  const identities: DemoIdentity[] = [];

  const addIdentity = (
    member: number,
    source: number,
    externalId: string,
    handle: string,
    email: string | null,
    isBot = false,
  ) => {
    const m = members[member];
    m.identity[source] = identities.length;
    identities.push({
      member,
      source: SOURCES[source],
      externalId,
      handle,
      email,
      displayName: m.displayName,
      isBot,
    });
  };

  for (let i = 0; i < memberCount; i++) {
    const isBot = i === 0;
    const isStaff = i >= 1 && i <= STAFF_COUNT;
    const persona: Persona = isBot
      ? "bot"
      : isStaff
        ? "staff"
        : PERSONA_MIX[rng.weighted(PERSONA_MIX.map((p) => p[1]))][0];
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const city = rng.weighted(cityWeights);
    const org = isStaff ? 0 : !isBot && rng.chance(AFFILIATED_SHARE) ? rng.weighted(orgWeights) : -1;
    const [f, l] = [slugPart(first), slugPart(last)];
    let email: string | null = null;
    if (!isBot) {
      const local =
        org >= 0
          ? `${f}.${l}`
          : rng.pick([`${f}.${l}`, `${f}${l}`, `${f[0]}${l}`, `${f}_${l}`, `${f}${rng.int(1, 99)}`]);
      email =
        emails.take(local, rng) + "@" + (org >= 0 ? orgs[org].domain : rng.pick(PERSONAL_EMAIL_DOMAINS));
    }
    const tags: string[] = [];
    const join = isBot || isStaff ? 0 : joinWeek(rng, weeks);
    if (!isBot && rng.chance(0.04)) tags.push(TAGS.beta);
    if (!isBot && join <= 1 && rng.chance(0.12)) tags.push(TAGS.earlyAdopter);
    members.push({
      displayName: isBot ? "Groundswell Bot" : `${first} ${last}`,
      email,
      country: CITIES[city].country,
      city,
      persona,
      joinWeek: join,
      org,
      isStaff,
      isBot,
      doNotContact: !isBot && !isStaff && rng.chance(0.015),
      tags,
      sourceMask: isBot ? 1 : sourceMask(rng, persona),
      identity: [-1, -1, -1, -1],
      stripeIdentity: -1,
      joinedAt: 0,
      lastActiveAt: 0,
      currentTier: 0,
      currentMrrCents: 0,
    });
    if (isBot) {
      addIdentity(i, SLACK, `B${tokens.take(rng.token(10), rng)}`, "groundswell-bot", null, true);
      continue;
    }
    const mask = members[i].sourceMask;
    const handle = logins.take(
      rng.pick([`${f}${l}`, `${f}-${l}`, `${f[0]}${l}`, `${f}${rng.int(1, 999)}`, `${l}${f[0]}`]),
      rng,
    );
    // Demo external ids sit in ranges real platforms have not reached, so they never collide with imported accounts.
    if (mask & 1) addIdentity(i, SLACK, `U${tokens.take(rng.token(10), rng)}`, `${f}.${l}`, email);
    if (mask & 2)
      addIdentity(
        i,
        GITHUB,
        String(900_000_000 + i * 37 + rng.int(0, 36)),
        handle,
        rng.chance(0.4) ? email : null,
      );
    if (mask & 4) addIdentity(i, FORUM, String(800_000_000 + i), handle, email);
    if (mask & 8)
      addIdentity(i, MEETUP, String(700_000_000 + i * 11 + rng.int(0, 10)), `${first} ${last[0]}.`, null);
  }
  return { orgs, members, identities };
}

/** A Stripe customer identity, created when the member first pays. */
export function addStripeIdentity(
  people: { members: DemoMember[]; identities: DemoIdentity[] },
  member: number,
  rng: Rng,
): string {
  const m = people.members[member];
  if (m.stripeIdentity >= 0) return people.identities[m.stripeIdentity].externalId;
  const externalId = `cus_${rng.token(14, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")}`;
  m.stripeIdentity = people.identities.length;
  people.identities.push({
    member,
    source: "stripe",
    externalId,
    handle: externalId,
    email: m.email,
    displayName: m.displayName,
    isBot: false,
  });
  return externalId;
}
