// #18 item 2: the sign-in throttle keys on the socket's address. A client rotating
// X-Forwarded-For gets the same address each time; only a configured trusted proxy is believed.
import { spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const preload = path.resolve(import.meta.dirname, "client-address-preload.mjs");
const servers: ReturnType<typeof spawn>[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.kill()));

async function serve(trustedProxies: string): Promise<number> {
  const code = `require("node:http").createServer((q, s) => s.end(String(q.headers["x-groundswell-client-address"]))).listen(0, "127.0.0.1", function () { console.log(this.address().port) })`;
  const child = spawn(process.execPath, ["--import", pathToFileURL(preload).href, "-e", code], {
    env: { ...process.env, TRUSTED_PROXIES: trustedProxies },
  });
  servers.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.once("data", (d) => resolve(Number(String(d).trim())));
    child.once("error", reject);
  });
}

const addressSeen = async (port: number, headers: Record<string, string>) =>
  (await fetch(`http://127.0.0.1:${port}/`, { headers })).text();

describe("client address preload", () => {
  it("ignores a client's X-Forwarded-For and its own header when no proxy is trusted", async () => {
    const port = await serve("");
    for (let i = 1; i <= 5; i++) {
      expect(
        await addressSeen(port, {
          "x-forwarded-for": `10.9.8.${i}`,
          "x-groundswell-client-address": `10.0.0.${i}`,
        }),
      ).toBe("127.0.0.1");
    }
  });

  it("behind a trusted proxy, takes the nearest untrusted hop (never the left-most, which the client wrote)", async () => {
    const port = await serve("127.0.0.1, 10.0.0.2");
    expect(await addressSeen(port, { "x-forwarded-for": "6.6.6.6, 198.51.100.4, 10.0.0.2" })).toBe(
      "198.51.100.4",
    );
    expect(await addressSeen(port, {})).toBe("127.0.0.1");
  });
});
