// The one place that reads process.env: every setting Groundswell understands, validated with zod.
// README.md lists the same variables; keep the two in step.
import { z } from "zod";

const flag = z
  .enum(["1", "0", "true", "false", "on", "off", "yes", "no", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : ["1", "true", "on", "yes"].includes(v)));

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url().optional(),
  /** A streaming replica of DATABASE_URL for page reads (writes and jobs stay on the primary). */
  DATABASE_READ_URL: z.string().url().optional(),
  /** How far behind the replica may be before page reads go to the primary instead. */
  DATABASE_READ_MAX_LAG_MS: z.coerce.number().int().positive().default(2000),
  PORT: z.coerce.number().int().positive().default(3000),
  GROUNDSWELL_DATA_DIR: z.string().default(".data"),
  EMBEDDED_PG_PORT: z.coerce.number().int().positive().default(54329),
  NEXTAUTH_SECRET: z.string().min(16).optional(),
  NEXTAUTH_URL: z.string().url().optional(),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  DEMO: flag,
  PRIVACY_MODE: flag,
  STRIPE_SECRET_KEY: z.string().optional(),
  STRIPE_WEBHOOK_SECRET: z.string().optional(),
  /** Where `stripe sync|reconcile` sends API calls instead of api.stripe.com: stripe-mock, a proxy (scheme, host, port). */
  STRIPE_API_BASE: z.string().optional(),
  SMTP_URL: z.string().optional(),
  ALERT_EMAIL_TO: z.string().optional(),
  /** Comma-separated addresses of reverse proxies whose X-Forwarded-For is believed (read by scripts/client-address-preload.mjs). */
  TRUSTED_PROXIES: z.string().optional(),
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive().default(12),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),
  // Live connectors (lib/connectors): the key that encrypts their tokens, the API base URLs (a local
  // server can stand in for the real services), push secrets, the schedule and the backfill horizon.
  CONNECTOR_SECRET_KEY: z
    .string()
    .min(32, "must be at least 32 characters (e.g. `openssl rand -base64 32`)")
    .optional(),
  SLACK_API_URL: z.string().url().default("https://slack.com/api/"),
  GITHUB_API_URL: z.string().url().default("https://api.github.com"),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  GITHUB_WEBHOOK_SECRET: z.string().min(1).optional(),
  CONNECTOR_SYNC_CRON: z.string().default("*/15 * * * *"),
  CONNECTOR_BACKFILL_MONTHS: z.coerce.number().int().positive().max(120).default(18),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

/** Parsed environment; throws a readable error naming the bad variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  cached = parsed.data;
  return cached;
}

/** For tests and the launcher, which change the environment after start. */
export function resetEnvCache(): void {
  cached = undefined;
}

export function databaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url)
    throw new Error("DATABASE_URL is not set: start through `npm start`, or set it to a PostgreSQL server");
  return url;
}
