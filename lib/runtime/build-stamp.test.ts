import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildInputsHash, rebuildReason, writeBuildStamp } from "./build-stamp";

let root: string;
const put = (file: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "build-stamp-"));
  put("app/page.tsx", "export default 1;");
  put("lib/data/members.ts", "export const a = 1;");
  put("package-lock.json", "{}");
  put("next.config.ts", "export default {};");
  put("prisma/schema.prisma", "model A { id Int @id }");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A build as `npm run build` leaves it: BUILD_ID and the stamp of the code it read. */
function built() {
  put(".next/BUILD_ID", "x");
  writeBuildStamp(root, buildInputsHash(root));
}

describe("rebuildReason", () => {
  it("asks for a build when there is none, and none after `npm run build`", () => {
    expect(rebuildReason(root)).toBe("no build yet");
    built();
    expect(rebuildReason(root)).toBeNull();
  });

  it("rebuilds a build made without a stamp (a bare `next build`, or an older Groundswell)", () => {
    put(".next/BUILD_ID", "x");
    expect(rebuildReason(root)).toBe("the build has no record of the code it was made from");
  });

  it.each([
    ["a page", "app/page.tsx"],
    ["a page's query", "lib/data/members.ts"],
    ["a new component", "components/ui/new.tsx"],
    ["the dependencies", "package-lock.json"],
    ["the Next config", "next.config.ts"],
    ["the Prisma schema", "prisma/schema.prisma"],
    ["a public asset", "public/logo.svg"],
    ["the Tailwind config", "tailwind.config.js"],
  ])("rebuilds after an upgrade changes %s", (_, file) => {
    built();
    put(file, "changed");
    expect(rebuildReason(root)).toBe("the code changed since the last build");
  });

  it.each([
    ["a unit test", "lib/data/members.test.ts"],
    ["the data directory", ".data/e2e/pg/postmaster.pid"],
    ["an e2e spec", "e2e/members.spec.ts"],
    ["a doc", "docs/benchmarks.md"],
    ["the generated Prisma client", "lib/generated/prisma/client.ts"],
    ["a migration", "prisma/migrations/1_x/migration.sql"],
  ])("does not rebuild for %s, which the build does not read", (_, file) => {
    built();
    put(file, "changed");
    expect(rebuildReason(root)).toBeNull();
  });

  it("hashes the same files to the same value whatever the order they were written in", () => {
    const first = buildInputsHash(root);
    put("lib/data/members.ts", "export const a = 1;");
    expect(buildInputsHash(root)).toBe(first);
  });
});
