// #18 item 12: signing in while the database is unreachable gives the visitor one plain word
// ("unavailable", shown as a sentence by the login form), never the driver's error with host and port.
import { afterAll, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "@/lib/test/db";
import { setDb } from "@/lib/db/client";
import { createPrisma } from "@/lib/db/prisma";
import { freePort } from "@/lib/db/embedded";
import { authOptions } from "./options";

const real = useTestDatabase();
afterAll(() => setDb(real));

type Authorize = (
  credentials: Record<string, string>,
  req: { headers: Record<string, string> },
) => Promise<unknown>;

describe("sign-in during a database outage", () => {
  it("throws only 'unavailable' and logs the cause on the server", async () => {
    const port = await freePort(); // nothing listens there
    setDb(createPrisma(`postgresql://groundswell:secret@127.0.0.1:${port}/groundswell`, 1));
    const provider = authOptions().providers[0] as unknown as { options: { authorize: Authorize } };
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const error = await provider.options
      .authorize(
        { email: "admin@example.com", password: "whatever-123" },
        { headers: { "x-groundswell-client-address": "192.0.2.1" } },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe("unavailable");
    expect(String((error as Error).message)).not.toContain(String(port));
    expect(logged).toHaveBeenCalled();
    logged.mockRestore();
  });
});
