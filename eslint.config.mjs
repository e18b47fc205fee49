import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The layers, as errors (the way formbricks turns conventions into lint rules). Flat config does not
// merge one rule across blocks (the last matching block wins), so each block lists every pattern
// that applies to its files.
const NO_COMPONENTS = {
  group: ["@/components/*", "**/components/*"],
  message: "lib/** never imports components/**: move the shared type or helper into lib.",
};
const NO_SERVICES = {
  group: ["@/lib/services/*", "../services/*"],
  message:
    "lib/data only reads: it never imports lib/services (writes and jobs). Queue work with lib/jobs/queue instead.",
};
const NO_PRISMA = {
  group: ["@/lib/db/client", "@/lib/db/prisma", "@/lib/generated/prisma/*"],
  message: "Prisma only in lib/data (reads), lib/services (writes) and lib/ingest/persist.",
};
const restrict = (...patterns) => ({ "no-restricted-imports": ["error", { patterns }] });

const layerRules = [
  {
    files: ["app/**/*.{ts,tsx}", "components/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "proxy.ts"],
    rules: restrict(NO_PRISMA),
  },
  { files: ["lib/**/*.{ts,tsx}"], rules: restrict(NO_COMPONENTS, NO_PRISMA) },
  { files: ["lib/data/**/*.{ts,tsx}"], rules: restrict(NO_COMPONENTS, NO_SERVICES) },
  {
    files: ["lib/services/**/*.{ts,tsx}", "lib/ingest/persist/**/*.{ts,tsx}"],
    rules: restrict(NO_COMPONENTS),
  },
  // Named exemptions. The Prisma client's own home, and the test helpers that point it at a test database:
  { files: ["lib/db/**/*.ts", "lib/test/**/*.ts"], rules: restrict(NO_COMPONENTS) },
  // Bearer-token lookup runs inside the API route wrapper before any lib/data read (security's module):
  { files: ["lib/auth/api-token.ts"], rules: restrict(NO_COMPONENTS) },
  // Merge suggestions are computed by the identity service's matcher (a read that shares its rules):
  { files: ["lib/data/member-merges.ts"], rules: restrict(NO_COMPONENTS) },
  // The job worker pins its own reads to the primary (it writes what it reads); it runs no query itself:
  { files: ["lib/jobs/worker.ts"], rules: restrict(NO_COMPONENTS) },
  // Tests set up data through the real services and check rows with Prisma.
  { files: ["**/*.test.ts"], rules: { "no-restricted-imports": "off" } },
];

// One way to write SQL: tagged templates ($queryRaw`…`, Prisma.sql, Prisma.join; Prisma.raw only for
// identifiers written in code). The string-taking "unsafe" methods invite positional counters and string
// surgery, so calling them is an error.
const RAW_UNSAFE = {
  selector:
    "CallExpression > MemberExpression.callee:matches([property.name=/^\\$(query|execute)RawUnsafe$/], [property.value=/^\\$(query|execute)RawUnsafe$/])",
  message:
    "Write raw SQL as a tagged template ($queryRaw`…`, Prisma.sql, Prisma.join); no $queryRawUnsafe/$executeRawUnsafe.",
};
const rawSqlRules = [
  { files: ["**/*.{ts,tsx,mjs}"], rules: { "no-restricted-syntax": ["error", RAW_UNSAFE] } },
  // The one named exemption: ingest-drain.ts hands pg-boss a database executor inside our
  // transaction, and pg-boss's interface passes SQL text with $n values; it is not our SQL.
  {
    files: ["lib/services/imports/ingest-drain.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      "lib/generated/**",
      ".data/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    // useTestDatabase() is a test helper, not a React hook.
    files: ["**/*.integration.test.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  ...layerRules,
  ...rawSqlRules,
];

export default config;
