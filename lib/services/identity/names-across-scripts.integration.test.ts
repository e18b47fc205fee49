// Names as real logs write them (family name first, accents or none, Hangul and Han, a handle as the name) and a
// noreply address from before 2017: imported from a trimmed fixture, checked on the members and the suggestions.
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { truncateAll, useTestDatabase as openTestDatabase } from "@/lib/test/db";
import { FIXTURES } from "@/lib/ingest/__fixtures__/test-helpers";
import { runImport } from "@/lib/services/imports/run-import";
import { mergeSuggestions } from "./suggestions";

const db = openTestDatabase();
beforeEach(() => truncateAll(db));

const DIR = path.join(FIXTURES, "names-across-scripts");

async function importBoth() {
  for (const [source, file] of [
    ["git", "git-log.tsv"],
    ["slack", "slack-export"],
  ] as const) {
    const summary = await runImport({ source, file: path.join(DIR, file), repository: "acme/quill" });
    expect(summary.error ?? null).toBeNull();
  }
}

/** Suggested pairs as sorted "name / name: reasons" lines. */
async function suggestedPairs(): Promise<string[]> {
  const names = new Map(
    (await db.identity.findMany({ select: { memberId: true, displayName: true, source: true } })).map((i) => [
      i.memberId,
      `${i.source} ${i.displayName}`,
    ]),
  );
  return (await mergeSuggestions())
    .map((s) => {
      const pair = [names.get(s.survivorId), names.get(s.mergedId)].sort().join(" / ");
      return `${pair}: ${s.reasons.map((r) => r.reason).join(",")}`;
    })
    .sort();
}

describe("names across scripts and orders", () => {
  it("suggests one name written family-first, with or without accents, in Hangul, and a name that is a handle", async () => {
    await importBoth();
    expect(await suggestedPairs()).toEqual([
      "git Hanako Tanaka / git TANAKA Hanako: same_name",
      "git Mateo Arguello / git Mateo Argüello: same_name",
      "git rin-okada / slack rin_okada: name_matches_handle",
      "git 박서연 / git 박서연: same_name",
    ]);
    // 王伟, two characters, is too common a name to say anything: not suggested.
  });

  it("joins a noreply address without a number to the numbered one naming the same login", async () => {
    await importBoth();
    const sven = await db.identity.findMany({
      where: { displayName: "Sven Lindqvist" },
      select: { externalId: true, memberId: true, linkedBy: true },
      orderBy: { externalId: "asc" },
    });
    expect(sven.map((i) => i.externalId)).toEqual([
      "4410023+kiri-dev@users.noreply.github.com",
      "kiri-dev@users.noreply.github.com",
    ]);
    expect(sven[0].memberId).toBe(sven[1].memberId);
    expect(await db.member.count({ where: { isBot: false } })).toBe(12);
  });
});
