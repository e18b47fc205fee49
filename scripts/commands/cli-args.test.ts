// CLI flags go through node:util parseArgs (strict): a misspelt flag is refused with the usage line
// instead of being ignored, before anything touches the database.
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { userPath } from "./args";
import { run as rank } from "./rank";
import { run as backtest } from "./backtest";
import { run as admin } from "./admin";
import { run as backup } from "./backup";
import { run as connectors } from "./connectors";
import { run as demo } from "./demo";
import { run as recompute } from "./recompute";
import { run as stripe } from "./stripe";

describe("CLI argument parsing", () => {
  it.each([
    [rank, ["rank", "candidates", "--asof", "2026-01-01"]],
    [rank, ["rank", "nobody"]],
    [rank, ["rank", "candidates", "extra"]],
    [rank, ["rank", "candidates", "--limit", "many"]],
    [backtest, ["backtest", "--horizon"]],
    [backtest, ["backtest", "--cut-offs", "3"]],
    [backtest, ["backtest", "--horizon", "0w"]],
    [admin, ["admin:create", "a@example.com"]],
    [admin, ["admin:create", "a@example.com", "viewer", "--force"]],
    [admin, ["admin:unlock", "not-an-email"]],
    [backup, ["backup"]],
    [backup, ["restore", "a.gz", "b.gz"]],
    [connectors, ["connectors", "sync", "slack", "--no-recompte"]],
    [connectors, ["connectors", "sync", "myspace"]],
    [demo, ["demo:seed", "--members", "10"]],
    [recompute, ["recompute", "now"]],
    [stripe, ["stripe", "sync", "--all"]],
    [stripe, ["stripe", "refund"]],
  ])("refuses %#: usage and exit code 2", async (command, args) => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await command(args)).toBe(2);
      expect(error.mock.calls[0][0]).toMatch(/^usage: /);
    } finally {
      error.mockRestore();
    }
  });
});

describe("userPath", () => {
  it("resolves a relative path against the folder npm was run in (INIT_CWD), not the project", () => {
    expect(userPath("export.zip", { INIT_CWD: "/home/ana/Downloads" })).toBe(
      "/home/ana/Downloads/export.zip",
    );
    expect(userPath("../x/log.txt", { INIT_CWD: "/home/ana/Downloads" })).toBe("/home/ana/x/log.txt");
    expect(userPath("/srv/data/events.json.gz", { INIT_CWD: "/home/ana" })).toBe("/srv/data/events.json.gz");
    expect(userPath("a.csv", {})).toBe(path.resolve("a.csv"));
  });
});
