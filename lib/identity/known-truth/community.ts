// A generated community whose true people are known, for identity-resolution tests and the
// benchmark (separate from the demo): several emails per person, noreply commit addresses, GitHub
// logins in Slack titles and custom fields, different people sharing a name, case and whitespace
// variants, maintainers pushing others' commits, and bots in every source.

/** One account of one person in one source, as the importer will key it. */
export interface TruthIdentity {
  source: "slack" | "github" | "git" | "stripe" | "csv";
  externalId: string;
  /** The true person (index), or -1 for a bot. */
  person: number;
}

/** Which accounts the files give evidence to join: pairs of these are what recall counts. */
export interface TruthLink {
  a: TruthIdentity;
  b: TruthIdentity;
}

export interface KnownTruthCommunity {
  files: {
    slackUsers: unknown[];
    slackMessages: unknown[];
    github: unknown[];
    gitLog: string[];
    stripeCustomers: { id: string; email: string; name: string }[];
    membersCsv: string[];
  };
  identities: TruthIdentity[];
  links: TruthLink[];
}

/** Mulberry32: small, seeded, and the same on every machine. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    chance: (p: number) => next() < p,
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
  };
}

const FIRST = [
  "Ada",
  "Wei",
  "Maria",
  "John",
  "Priya",
  "Olu",
  "Sven",
  "Yuki",
  "Ana",
  "Omar",
  "Lena",
  "Raj",
  "Chen",
  "Eva",
  "Tom",
  "Zoe",
  "Ivan",
  "Nia",
  "Paul",
  "Sara",
];
const LAST = [
  "Zhang",
  "Garcia",
  "Smith",
  "Patel",
  "Okafor",
  "Berg",
  "Sato",
  "Silva",
  "Haddad",
  "Novak",
  "Kumar",
  "Li",
  "Meyer",
  "Brown",
  "Moreau",
  "Rossi",
];
const ORGS = ["acme.io", "initech.com", "globex.org", "umbrella.co.uk"];

interface Person {
  n: number;
  name: string;
  login: string;
  githubId: number;
  emails: string[];
}

const variant = (r: ReturnType<typeof rng>, email: string) => {
  if (r.chance(0.3)) return ` ${email.toUpperCase()} `;
  if (r.chance(0.3)) return email[0].toUpperCase() + email.slice(1);
  return email;
};

export function knownTruthCommunity(people: number, seed = 12): KnownTruthCommunity {
  const r = rng(seed);
  const identities: TruthIdentity[] = [];
  const links: TruthLink[] = [];
  const files: KnownTruthCommunity["files"] = {
    slackUsers: [],
    slackMessages: [],
    github: [],
    gitLog: [],
    stripeCustomers: [],
    membersCsv: ["member_key,name,email,joined_at,country,organization,tags,is_staff,is_bot,do_not_contact"],
  };
  let eventId = 1;
  let commit = 1;
  const sha = () => (commit++).toString(16).padStart(40, "0");
  const at = (day: number) => new Date(Date.UTC(2025, 0, 1 + (day % 300), 12)).toISOString();

  const persons: Person[] = [];
  for (let n = 0; n < people; n++) {
    // Every 25th person shares the previous one's full name (and sometimes their company domain).
    const name = n % 25 === 1 && n > 0 ? persons[n - 1].name : `${r.pick(FIRST)} ${r.pick(LAST)}`;
    const [first, last] = name.toLowerCase().split(" ");
    const work = `${first}.${last}${n}@${r.pick(ORGS)}`;
    const personal = `${first}.${last}.${n}@gmail.com`;
    const emails = r.chance(0.5) ? [work, personal] : [r.chance(0.5) ? work : personal];
    persons.push({ n, name, login: `${first}-${last}${n}`, githubId: 100000 + n, emails });
  }

  for (const p of persons) {
    const has = {
      slack: r.chance(0.85),
      github: r.chance(0.6),
      git: r.chance(0.5),
      stripe: r.chance(0.15),
      csv: r.chance(0.1),
    };
    const held: { id: TruthIdentity; owns: string[]; claims: string[] }[] = [];
    const add = (id: TruthIdentity, owns: string[], claims: string[]) => {
      identities.push(id);
      held.push({ id, owns, claims });
    };
    const email = (i: number) => p.emails[Math.min(i, p.emails.length - 1)];
    const canonical = (e: string) => {
      const [local, domain] = e.trim().toLowerCase().split("@");
      return domain === "gmail.com"
        ? `${local.split("+")[0].replaceAll(".", "")}@gmail.com`
        : `${local}@${domain}`;
    };

    if (has.slack) {
      const id = `U${String(p.n).padStart(6, "0")}`;
      const profileEmail = email(0);
      const style = r.next();
      const title =
        style < 0.35
          ? `Engineer · github.com/${p.login}`
          : style < 0.5
            ? `Maintainer (GitHub: @${p.login})`
            : "Community member";
      const fields =
        style >= 0.5 && style < 0.7
          ? { Xf01: { value: `https://github.com/${p.login}`, alt: "" } }
          : style < 0.85
            ? []
            : null;
      const linksGithub = style < 0.7;
      files.slackUsers.push({
        id,
        name: p.login.split("-")[0],
        real_name: p.name,
        profile: { real_name: p.name, email: variant(r, profileEmail), title, fields },
      });
      files.slackMessages.push({
        type: "message",
        ts: `${1735732800 + p.n}.000100`,
        user: id,
        text: "hello",
      });
      add(
        { source: "slack", externalId: id, person: p.n },
        [`e:${canonical(profileEmail)}`],
        linksGithub ? [`h:${p.login}`] : [],
      );
    }
    if (has.github) {
      const ref = { id: p.githubId, login: p.login };
      const claims: string[] = [];
      const style = r.next();
      if (style < 0.45) {
        // Pushes of its own commits, under one of the person's addresses.
        const e = email(r.chance(0.5) ? 1 : 0);
        files.github.push({
          id: String(eventId++),
          type: "PushEvent",
          actor: ref,
          created_at: at(p.n),
          payload: { size: 1, commits: [{ sha: sha(), author: { email: variant(r, e), name: p.name } }] },
        });
        claims.push(`e:${canonical(e)}`);
      } else if (style < 0.6) {
        // A push with its noreply address (names this same account: no new evidence) and one with neither size nor commits.
        files.github.push({
          id: String(eventId++),
          type: "PushEvent",
          actor: ref,
          created_at: at(p.n),
          payload: {
            commits: [
              {
                sha: sha(),
                author: { email: `${p.githubId}+${p.login}@users.noreply.github.com`, name: p.name },
              },
            ],
          },
        });
        files.github.push({
          id: String(eventId++),
          type: "PushEvent",
          actor: ref,
          created_at: at(p.n + 1),
          payload: { ref: "refs/heads/main" },
        });
      } else {
        files.github.push({
          id: String(eventId++),
          type: "IssuesEvent",
          actor: ref,
          created_at: at(p.n),
          payload: { action: "opened", issue: { number: p.n } },
        });
      }
      add({ source: "github", externalId: String(p.githubId), person: p.n }, [`h:${p.login}`], claims);
    }
    if (has.git) {
      const noreply = r.chance(0.3);
      const e = noreply ? `${p.githubId}+${p.login}@users.noreply.github.com` : email(r.chance(0.5) ? 1 : 0);
      files.gitLog.push(`${sha()}\t${p.name}\t${noreply ? e : variant(r, e).trim()}\t${at(p.n)}`);
      if (!noreply && r.chance(0.3))
        files.gitLog.push(`${sha()}\t${p.name}\t${e.toUpperCase()}\t${at(p.n + 2)}`);
      add(
        { source: "git", externalId: e.toLowerCase(), person: p.n },
        noreply ? [] : [`e:${canonical(e)}`],
        noreply ? [`h:${p.login}`] : [],
      );
    }
    if (has.stripe) {
      const e = email(p.emails.length - 1);
      // Billing addresses often add a plus tag or dots on Gmail: the same mailbox.
      const billing = e.endsWith("@gmail.com") ? e.replace("@", "+billing@") : e;
      files.stripeCustomers.push({ id: `cus_${p.n}`, email: billing, name: p.name });
      add({ source: "stripe", externalId: `cus_${p.n}`, person: p.n }, [`e:${canonical(billing)}`], []);
    }
    if (has.csv) {
      files.membersCsv.push(`m-${p.n},${p.name},${email(0).toUpperCase()},2025-01-01,,,,false,false,false`);
      add({ source: "csv", externalId: `m-${p.n}`, person: p.n }, [`e:${canonical(email(0))}`], []);
    }
    // Evidenced links: holders of one key, where at least one holder owns it.
    for (let i = 0; i < held.length; i++) {
      for (let j = i + 1; j < held.length; j++) {
        const [x, y] = [held[i], held[j]];
        const linked =
          x.owns.some((k) => y.owns.includes(k) || y.claims.includes(k)) ||
          x.claims.some((k) => y.owns.includes(k));
        if (linked) links.push({ a: x.id, b: y.id });
      }
    }
  }

  // A maintainer merges others' pull requests: pushes mixing several authors (which claim nobody).
  for (let k = 0; k + 2 < persons.length; k += 40) {
    const [m, a, b] = [persons[k], persons[k + 1], persons[k + 2]];
    if (!identities.some((i) => i.source === "github" && i.externalId === String(m.githubId))) continue;
    files.github.push({
      id: String(eventId++),
      type: "PushEvent",
      actor: { id: m.githubId, login: m.login },
      created_at: at(k + 5),
      payload: {
        size: 2,
        commits: [
          { sha: sha(), author: { email: a.emails[0], name: a.name } },
          { sha: sha(), author: { email: b.emails[0], name: b.name } },
        ],
      },
    });
  }
  // A maintainer squash-merges pull requests: single-author pushes of other people's commits, under
  // the maintainer's account. The only defence is that one account pushing many addresses is not one person.
  for (let k = 20; k + 8 < persons.length; k += 50) {
    const m = persons[k];
    if (!identities.some((i) => i.source === "github" && i.externalId === String(m.githubId))) continue;
    for (const c of persons.slice(k + 3, k + 8)) {
      files.github.push({
        id: String(eventId++),
        type: "PushEvent",
        actor: { id: m.githubId, login: m.login },
        created_at: at(k + 6),
        payload: { size: 1, commits: [{ sha: sha(), author: { email: c.emails[0], name: c.name } }] },
      });
    }
  }
  // Bots in every source: kept, never joined to a person.
  files.slackUsers.push({
    id: "UBOT000001",
    name: "deploybot",
    is_bot: true,
    profile: { real_name: "Deploy Bot", title: "github.com/dependabot" },
  });
  files.slackUsers.push({ id: "USLACKBOT", name: "slackbot", profile: { real_name: "Slackbot" } });
  identities.push(
    { source: "slack", externalId: "UBOT000001", person: -1 },
    { source: "slack", externalId: "USLACKBOT", person: -1 },
  );
  files.github.push({
    id: String(eventId++),
    type: "PushEvent",
    actor: { id: 49699333, login: "dependabot[bot]" },
    created_at: at(3),
    payload: {
      size: 1,
      commits: [
        {
          sha: sha(),
          author: { email: "49699333+dependabot[bot]@users.noreply.github.com", name: "dependabot[bot]" },
        },
      ],
    },
  });
  files.github.push({
    id: String(eventId++),
    type: "IssuesEvent",
    actor: { id: 29139614, login: "renovate", type: "Bot" },
    created_at: at(4),
    payload: { action: "opened", issue: { number: 1 } },
  });
  identities.push(
    { source: "github", externalId: "49699333", person: -1 },
    { source: "github", externalId: "29139614", person: -1 },
  );
  files.gitLog.push(`${sha()}\tdependabot[bot]\t49699333+dependabot[bot]@users.noreply.github.com\t${at(6)}`);
  files.gitLog.push(
    `${sha()}\tgithub-actions[bot]\t41898282+github-actions[bot]@users.noreply.github.com\t${at(7)}`,
  );
  identities.push(
    { source: "git", externalId: "49699333+dependabot[bot]@users.noreply.github.com", person: -1 },
    { source: "git", externalId: "41898282+github-actions[bot]@users.noreply.github.com", person: -1 },
  );
  return { files, identities, links };
}
