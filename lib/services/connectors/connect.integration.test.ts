// Connecting stores the token encrypted (never in clear, never in the audit log); revoking deletes it,
// and the next sync says so in plain words.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
// Aliased: the hooks lint rule reads any "use…" call as a React hook.
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { connectConnector, loadConnector, revokeConnector } from "./connect";
import { syncConnector } from "./run-sync";

const db = openTestDatabase();
const TOKEN = "xoxb-1111-2222-very-secret";

beforeAll(() => {
  process.env.NEXTAUTH_SECRET = "test-secret-for-connectors-0123456789";
});
beforeEach(() => truncateAll(db));

describe("connector secrets at rest", () => {
  it("stores the token encrypted and revoking deletes it", async () => {
    await connectConnector(
      { kind: "slack", token: TOKEN, signingSecret: "signing-secret-1", backfillMonths: 6 },
      "test",
    );
    const row = await db.connector.findUniqueOrThrow({ where: { kind: "slack" } });
    expect(row.secretsCiphertext).toMatch(/^v1:/);
    expect(JSON.stringify(row)).not.toContain("very-secret");
    expect(
      JSON.stringify(await db.auditLog.findMany(), (_k, v: unknown) =>
        typeof v === "bigint" ? String(v) : v,
      ),
    ).not.toContain("very-secret");
    expect((await loadConnector("slack"))?.secrets).toEqual({
      token: TOKEN,
      signingSecret: "signing-secret-1",
    });
    expect((await loadConnector("slack"))?.settings).toEqual({ backfillMonths: 6 });

    await revokeConnector("slack", "test");
    expect((await db.connector.findUniqueOrThrow({ where: { kind: "slack" } })).secretsCiphertext).toBeNull();
    const run = await syncConnector("slack", { trigger: "test" });
    expect(run).toMatchObject({
      status: "failed",
      error: "slack is not connected: its token was revoked; connect it again in Settings → Connectors",
    });
  });

  it("a blob copied onto another connector cannot be read", async () => {
    await connectConnector(
      { kind: "slack", token: TOKEN, signingSecret: undefined, backfillMonths: undefined },
      "test",
    );
    const blob = (await db.connector.findUniqueOrThrow({ where: { kind: "slack" } })).secretsCiphertext;
    await db.connector.create({
      data: {
        kind: "discourse",
        settings: { baseUrl: "http://127.0.0.1:9", apiUsername: "system" },
        secretsCiphertext: blob,
      },
    });
    await expect(loadConnector("discourse")).rejects.toThrow(/cannot be decrypted/);
  });
});
