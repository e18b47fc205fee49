// #18 item 5: an ingest token cannot forge revenue through the imports API. Uploads need the
// imports:write scope, and billing files (Stripe events, Open Collective) only a signed-in admin.
// Also #18 items 6 and 12: uploads are stored 0600; a malformed X-File-Name is a 400, not a 500.
import { stat, readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { resetEnvCache } from "@/lib/env";
import { hashToken } from "@/lib/auth/api-token";
import { tempDir } from "@/lib/ingest/__fixtures__/test-helpers";
import { stopJobQueue } from "@/lib/jobs/queue";
import { POST as upload } from "./route";

const db = openTestDatabase();
let dataDir: string;

beforeAll(async () => {
  dataDir = await tempDir();
  process.env.GROUNDSWELL_DATA_DIR = dataDir;
  resetEnvCache();
});
afterAll(async () => {
  await stopJobQueue();
  delete process.env.GROUNDSWELL_DATA_DIR;
  resetEnvCache();
});
beforeEach(() => truncateAll(db));

async function token(scopes: string[]): Promise<string> {
  const admin = await db.adminUser.upsert({
    where: { email: "a@example.org" },
    create: { email: "a@example.org", passwordHash: "x", role: "admin" },
    update: {},
  });
  const value = `gsw_scope_${scopes.join("_")}`;
  await db.apiToken.create({
    data: {
      name: "t",
      scopes,
      createdById: admin.id,
      tokenHash: hashToken(value),
      prefix: value.slice(0, 10),
    },
  });
  return value;
}

// A Stripe events file creating an active $9,999/month subscription, as the attacker sent it.
const forgedStripe = JSON.stringify({
  id: "evt_forged",
  type: "customer.subscription.created",
  created: 1767225600,
  data: {
    object: {
      id: "sub_forged",
      object: "subscription",
      customer: "cus_x",
      status: "active",
      items: {
        data: [
          { price: { id: "price_x", unit_amount: 999900, recurring: { interval: "month" } }, quantity: 1 },
        ],
      },
    },
  },
});

const post = (bearer: string, query: string, body: string, fileName: string | null = "events.jsonl") =>
  upload(
    new Request(`http://localhost/api/v1/imports?${query}`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${bearer}`,
        ...(fileName === null ? {} : { "x-file-name": fileName }),
      },
      body,
    }),
  );

describe("imports API scopes", () => {
  it("refuses a billing file from any token, and any upload from an events:write token", async () => {
    const events = await token(["events:write"]);
    const imports = await token(["imports:write"]);
    expect((await post(events, "source=stripe-events", forgedStripe)).status).toBe(403);
    expect((await post(events, "source=git&repository=a/b", "x")).status).toBe(403);
    const billing = await post(imports, "source=stripe-events", forgedStripe);
    expect(billing.status).toBe(403);
    expect((await billing.json()).error).toMatch(/signed in as an admin/);
    expect((await post(imports, "source=opencollective", "{}")).status).toBe(403);
    expect(await db.importRun.count()).toBe(0);
    expect(await db.subscription.count()).toBe(0);
  });

  it("stores a community upload readable by the server's user only", async () => {
    const imports = await token(["imports:write"]);
    const res = await post(imports, "source=git&repository=acme/widgets", "abc\tdef\n", "log.tsv");
    expect(res.status).toBe(202);
    const [file] = await readdir(path.join(dataDir, "uploads"));
    expect((await stat(path.join(dataDir, "uploads", file))).mode & 0o777).toBe(0o600);
  });

  it("answers a malformed or missing X-File-Name with 400", async () => {
    const imports = await token(["imports:write"]);
    for (const name of ["%E0%A4%A", "%", "a%00b", null]) {
      const res = await post(imports, "source=git&repository=acme/widgets", "x", name);
      expect(res.status, String(name)).toBe(400);
    }
  });
});
