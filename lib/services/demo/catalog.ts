// Fixed vocabularies of the demo community: names, organisations, cities, channels, event types and plans.
// Email domains use the reserved .example / example.* names so no demo address can reach a real inbox.

export const SOURCES = ["slack", "github", "forum", "meetup"] as const;
export type DemoSource = (typeof SOURCES)[number];
export const SLACK = 0;
export const GITHUB = 1;
export const FORUM = 2;
export const MEETUP = 3;

export interface DemoPlan {
  key: string;
  name: string;
  tierRank: number;
  monthlyAmountCents: number;
}

/** Indexed by tier rank (DEMO_PLANS[tier]). */
export const DEMO_PLANS: readonly DemoPlan[] = [
  { key: "free", name: "Free", tierRank: 0, monthlyAmountCents: 0 },
  { key: "premium", name: "Premium", tierRank: 1, monthlyAmountCents: 1500 },
  { key: "premium_plus", name: "Premium Plus", tierRank: 2, monthlyAmountCents: 4900 },
];

export interface EventType {
  type: string;
  source: number;
  weight: number;
  /** Counts towards the scoring's contribution features. */
  contribution: boolean;
}

/** Type codes index this table; the generator stores codes, the persist layer writes type, source and weight. */
export const EVENT_TYPES: readonly EventType[] = [
  { type: "reaction", source: SLACK, weight: 0.2, contribution: false },
  { type: "message", source: SLACK, weight: 1, contribution: false },
  { type: "thread_reply", source: SLACK, weight: 1, contribution: false },
  { type: "pr_opened", source: GITHUB, weight: 3, contribution: false },
  { type: "pr_merged", source: GITHUB, weight: 5, contribution: true },
  { type: "pr_review", source: GITHUB, weight: 3, contribution: true },
  { type: "issue_opened", source: GITHUB, weight: 2, contribution: false },
  { type: "issue_comment", source: GITHUB, weight: 1, contribution: false },
  { type: "push", source: GITHUB, weight: 1, contribution: false },
  { type: "post", source: FORUM, weight: 1.5, contribution: false },
  { type: "reply", source: FORUM, weight: 1, contribution: false },
  { type: "accepted_answer", source: FORUM, weight: 4, contribution: true },
  { type: "rsvp", source: MEETUP, weight: 0.5, contribution: false },
  { type: "attended", source: MEETUP, weight: 2, contribution: false },
  { type: "meetup_hosted", source: MEETUP, weight: 5, contribution: true },
  { type: "pairing_session", source: MEETUP, weight: 3, contribution: true },
];
export const TYPE_CODE: Readonly<Record<string, number>> = Object.fromEntries(
  EVENT_TYPES.map((t, i) => [t.type, i]),
);

/**
 * Per source, the type codes and two mixes: an ordinary member's and a contributor's.
 * A member's mix interpolates between them by their contribution propensity.
 */
export const TYPE_MIX: readonly {
  codes: number[];
  casual: number[];
  contributor: number[];
  lurker: number[];
}[] = [
  { codes: [0, 1, 2], casual: [0.45, 0.38, 0.17], contributor: [0.3, 0.4, 0.3], lurker: [0.86, 0.11, 0.03] },
  {
    codes: [3, 4, 5, 6, 7, 8],
    casual: [0.12, 0.04, 0.04, 0.22, 0.4, 0.18],
    contributor: [0.15, 0.2, 0.25, 0.05, 0.15, 0.2],
    lurker: [0.02, 0, 0, 0.3, 0.68, 0],
  },
  { codes: [9, 10, 11], casual: [0.3, 0.66, 0.04], contributor: [0.15, 0.55, 0.3], lurker: [0.2, 0.8, 0] },
  {
    codes: [12, 13, 14, 15],
    casual: [0.55, 0.43, 0.005, 0.015],
    contributor: [0.3, 0.35, 0.13, 0.22],
    lurker: [0.7, 0.3, 0, 0],
  },
];

export interface Channel {
  name: string;
  weight: number;
}

export const CHANNELS: readonly (readonly Channel[])[] = [
  [
    { name: "#general", weight: 30 },
    { name: "#help", weight: 20 },
    { name: "#dev", weight: 15 },
    { name: "#random", weight: 12 },
    { name: "#events", weight: 6 },
    { name: "#showcase", weight: 5 },
    { name: "#announcements", weight: 5 },
    { name: "#jobs", weight: 4 },
    { name: "#intros", weight: 3 },
  ],
  [
    { name: "groundswell/groundswell", weight: 40 },
    { name: "groundswell/docs", weight: 20 },
    { name: "groundswell/sdk-js", weight: 15 },
    { name: "groundswell/sdk-python", weight: 10 },
    { name: "groundswell/website", weight: 10 },
    { name: "groundswell/helm-charts", weight: 5 },
  ],
  [
    { name: "Q&A", weight: 45 },
    { name: "Integrations", weight: 20 },
    { name: "Show & Tell", weight: 15 },
    { name: "Ideas", weight: 15 },
    { name: "Announcements", weight: 5 },
  ],
  [], // meetup channels are the member's city, see CITIES
];

export interface City {
  name: string;
  country: string;
  weight: number;
}

export const CITIES: readonly City[] = [
  { name: "Berlin", country: "DE", weight: 12 },
  { name: "London", country: "GB", weight: 12 },
  { name: "New York", country: "US", weight: 12 },
  { name: "San Francisco", country: "US", weight: 9 },
  { name: "Amsterdam", country: "NL", weight: 6 },
  { name: "Lisbon", country: "PT", weight: 5 },
  { name: "Paris", country: "FR", weight: 7 },
  { name: "Warsaw", country: "PL", weight: 5 },
  { name: "Toronto", country: "CA", weight: 6 },
  { name: "São Paulo", country: "BR", weight: 6 },
  { name: "Bangalore", country: "IN", weight: 8 },
  { name: "Singapore", country: "SG", weight: 4 },
  { name: "Tokyo", country: "JP", weight: 4 },
  { name: "Sydney", country: "AU", weight: 4 },
  { name: "Nairobi", country: "KE", weight: 3 },
];

export const FIRST_NAMES = [
  "Anna",
  "Ben",
  "Carla",
  "David",
  "Elena",
  "Farid",
  "Grace",
  "Hiro",
  "Isabel",
  "Jonas",
  "Kavya",
  "Liam",
  "Maya",
  "Noah",
  "Olga",
  "Pedro",
  "Quinn",
  "Rosa",
  "Sami",
  "Tara",
  "Umar",
  "Vera",
  "Wei",
  "Ximena",
  "Yusuf",
  "Zoe",
  "Aisha",
  "Bruno",
  "Chloe",
  "Dmitri",
  "Emma",
  "Felix",
  "Gita",
  "Hannah",
  "Ivan",
  "Julia",
  "Kenji",
  "Lena",
  "Mateo",
  "Nadia",
  "Oscar",
  "Priya",
  "Rafael",
  "Sofia",
  "Tomás",
  "Uma",
  "Viktor",
  "Wanjiru",
  "Yara",
  "Zain",
  "Alex",
  "Bianca",
  "Chen",
  "Diego",
  "Eva",
  "Fatima",
  "Gabriel",
  "Hugo",
  "Ines",
  "Jamal",
  "Katarzyna",
  "Lucas",
  "Mei",
  "Nikolai",
  "Omar",
  "Paula",
  "Ravi",
  "Sara",
  "Theo",
  "Valentina",
  "William",
  "Amara",
  "Björn",
  "Clara",
  "Daniel",
  "Esther",
  "Fern",
  "Giulia",
  "Hamid",
  "Ingrid",
  "Joao",
  "Kofi",
];

export const LAST_NAMES = [
  "Schmidt",
  "Okafor",
  "Rossi",
  "Nakamura",
  "Silva",
  "Kowalski",
  "Haddad",
  "Larsen",
  "García",
  "Chen",
  "Patel",
  "Müller",
  "Novak",
  "Dubois",
  "Kim",
  "Ivanova",
  "Mensah",
  "O'Brien",
  "Fernández",
  "Tanaka",
  "Jansen",
  "Costa",
  "Nguyen",
  "Andersson",
  "Rahman",
  "Moreau",
  "Kaur",
  "Wójcik",
  "Sato",
  "Hughes",
  "Bianchi",
  "Popescu",
  "Khan",
  "Lindqvist",
  "Mwangi",
  "Santos",
  "Weber",
  "Ali",
  "Yamamoto",
  "Reyes",
  "Fischer",
  "Park",
  "Nielsen",
  "Alvarez",
  "Singh",
  "Petrov",
  "Murphy",
  "Lopes",
  "Hoffmann",
  "Zhang",
  "Eriksen",
  "Torres",
  "Osei",
  "Berg",
  "Oyelaran",
  "Walker",
  "Suzuki",
  "Morales",
  "Kovač",
  "Wright",
  "Varga",
  "Ito",
  "Becker",
  "Adeyemi",
  "Horvat",
  "Da Silva",
  "Olsen",
  "Castro",
  "Ahmed",
  "Lee",
];

export const PERSONAL_EMAIL_DOMAINS = ["example.com", "example.net", "example.org"];

/** Organisation name stems; the generator takes the first `count` and gives each a .example domain. */
export const ORG_NAMES = [
  "Northwind Labs",
  "Bluefin Analytics",
  "Cobalt Systems",
  "Driftwood Media",
  "Emberline",
  "Fjord Cloud",
  "Granite Data",
  "Harbor Health",
  "Ionic Retail",
  "Juniper Finance",
  "Kestrel Logistics",
  "Lumen Energy",
  "Meridian Bank",
  "Nimbus Software",
  "Orchard Foods",
  "Pioneer Mobility",
  "Quartz Security",
  "Redwood Studio",
  "Saffron Travel",
  "Tidepool Games",
  "Umbra Robotics",
  "Vantage Insurance",
  "Willow Education",
  "Xenon Biotech",
  "Yellowtail Telecom",
  "Zephyr Aerospace",
  "Atlas Freight",
  "Beacon Legal",
  "Cinder Fashion",
  "Delta Grid",
  "Evergreen Housing",
  "Falcon Payments",
  "Glacier Storage",
  "Helix Genomics",
  "Indigo Ads",
  "Jade Hospitality",
  "Keystone Manufacturing",
  "Lark Music",
  "Monarch Pharma",
  "Nova Satellite",
  "Onyx Consulting",
  "Prism Optics",
  "Quill Publishing",
  "Raven Cyber",
  "Summit Outdoor",
  "Thistle Agritech",
  "Upland Realty",
  "Vertex Chips",
  "Wavelength Radio",
  "Yarrow Wellness",
  "Zenith Automotive",
  "Acorn Schools",
  "Basalt Mining",
  "Coral Marine",
  "Dune Solar",
  "Echo Voice",
  "Fable Books",
  "Garnet Jewelry",
  "Hearth Home",
  "Iris Vision",
  "Juno Water",
];

export const STAFF_ORG = {
  name: "Groundswell Foundation",
  domain: "groundswell-foundation.example",
  country: "DE",
};

export const TAGS = { speaker: "speaker", mentor: "mentor", beta: "beta", earlyAdopter: "early-adopter" };
