// Link precision and recall against known truth, counted over pairs of identities: a pair the
// data evidences (connected through the person's own linking evidence) should be one member; a pair
// of different people never. Pure; the benchmark and the tests feed it members from the database.
import { UnionFind } from "./claims";

export interface LinkQuality {
  /** Pairs put together that are the same person / all pairs put together. */
  precision: number;
  /** Evidenced pairs put together / evidenced pairs. */
  recall: number;
  evidencedPairs: number;
  pairsTogether: number;
  /** Members holding identities of more than one person (bots count as their own people). */
  falseMerges: number;
  /** Bot identities sharing a member with anyone else. */
  botsJoined: number;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

/**
 * `memberOf` maps "source\0externalId" → member id (identities missing from it are counted apart);
 * `truth` gives each identity's person (-1 for bots) and the evidenced links between them.
 */
export function linkQuality(
  memberOf: Map<string, number>,
  truth: {
    identities: { source: string; externalId: string; person: number }[];
    links: { a: { source: string; externalId: string }; b: { source: string; externalId: string } }[];
  },
): LinkQuality {
  const id = (x: { source: string; externalId: string }) => `${x.source}\u0000${x.externalId}`;
  const components = new UnionFind<string>();
  for (const l of truth.links) components.union(id(l.a), id(l.b));
  const byMember = new Map<number, { source: string; externalId: string; person: number }[]>();
  truth.identities.forEach((t) => {
    const m = memberOf.get(id(t));
    if (m === undefined) return;
    byMember.set(m, [...(byMember.get(m) ?? []), t]);
  });
  let together = 0;
  let correctTogether = 0;
  let evidencedTogether = 0;
  let falseMerges = 0;
  let botsJoined = 0;
  for (const members of byMember.values()) {
    together += pairs(members.length);
    const people = new Map<string, number>();
    const evidence = new Map<string, number>();
    for (const t of members) {
      const person = t.person === -1 ? `bot:${id(t)}` : String(t.person);
      people.set(person, (people.get(person) ?? 0) + 1);
      const c = components.find(id(t));
      evidence.set(c, (evidence.get(c) ?? 0) + 1);
      if (t.person === -1 && members.length > 1) botsJoined++;
    }
    for (const n of people.values()) correctTogether += pairs(n);
    for (const n of evidence.values()) evidencedTogether += pairs(n);
    if (people.size > 1) falseMerges++;
  }
  const sizes = new Map<string, number>();
  for (const t of truth.identities)
    sizes.set(components.find(id(t)), (sizes.get(components.find(id(t))) ?? 0) + 1);
  const evidenced = [...sizes.values()].reduce((s, n) => s + pairs(n), 0);
  return {
    precision: together === 0 ? 1 : correctTogether / together,
    recall: evidenced === 0 ? 1 : evidencedTogether / evidenced,
    evidencedPairs: evidenced,
    pairsTogether: together,
    falseMerges,
    botsJoined,
  };
}
