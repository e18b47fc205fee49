// `npm run cli -- import SOURCE PATH [--kind member|identity|event|subscription_change] [--repository owner/name]
//   [--encoding utf-8|windows-1252] [--strict] [--no-recompute]`
import { parseArgs } from "node:util";
import { IMPORT_SOURCES, type ImportSource } from "@/lib/services/imports/sources";
import { FORCED_ENCODINGS, type ForcedEncoding } from "@/lib/ingest/text-encoding";
import { runImport } from "@/lib/services/imports/run-import";
import { runPipeline } from "@/lib/services/pipeline";
import { userPath } from "./args";

export async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv.slice(1),
    allowPositionals: true,
    options: {
      kind: { type: "string" },
      repository: { type: "string" },
      encoding: { type: "string" },
      strict: { type: "boolean" },
      "no-recompute": { type: "boolean" },
    },
  });
  const [source, file] = positionals;
  if (!source || !file || !IMPORT_SOURCES.includes(source as ImportSource)) {
    console.error(
      `usage: npm run cli -- import ${IMPORT_SOURCES.join("|")} PATH [--kind K] [--repository owner/name] [--encoding utf-8|windows-1252] [--strict]`,
    );
    return 2;
  }
  if (values.encoding !== undefined && !FORCED_ENCODINGS.includes(values.encoding as ForcedEncoding)) {
    console.error(
      `--encoding must be one of ${FORCED_ENCODINGS.join(", ")} (UTF-16 files are recognised by their byte-order mark)`,
    );
    return 2;
  }
  const started = Date.now();
  let lastPrint = 0;
  const summary = await runImport({
    source: source as ImportSource,
    file: userPath(file),
    kind: values.kind,
    repository: values.repository,
    encoding: values.encoding as ForcedEncoding | undefined,
    strict: values.strict,
    onProgress: (p) => {
      if (p.fraction !== 1 && Date.now() - lastPrint < 500) return;
      lastPrint = Date.now();
      const pct = p.fraction === null ? "" : `${String(Math.round(p.fraction * 100)).padStart(3)}% `;
      process.stderr.write(
        `\r${pct}read ${p.read}  imported ${p.imported}  duplicates ${p.duplicates}  quarantined ${p.quarantined}   `,
      );
    },
  });
  process.stderr.write("\n");
  const seconds = (Date.now() - started) / 1000;
  console.log(`Import #${summary.importRunId} ${summary.status} in ${seconds.toFixed(1)} s`);
  if (summary.error) console.log(`  error:             ${summary.error}`);
  if (summary.status === "failed" && source !== "stripe-events")
    console.log("  nothing from this file was saved");
  for (const f of summary.filesSetAside)
    console.log(`  set aside:         ${f.file}${f.line ? `:${f.line}` : ""}: ${f.reason}`);
  if (summary.filesSetAside.length)
    console.log(
      `  (${summary.filesSetAside.length} file(s) set aside whole; --strict refuses the export instead)`,
    );
  console.log(`  read:              ${summary.read}`);
  console.log(`  imported:          ${summary.imported}`);
  console.log(`  duplicates:        ${summary.duplicates}`);
  console.log(
    `  quarantined:       ${summary.quarantined}${summary.quarantined ? "  (see the Imports page, or GET /api/v1/imports/" + summary.importRunId + "/quarantine)" : ""}`,
  );
  console.log(`  members created:   ${summary.membersCreated}`);
  console.log(`  identities linked: ${summary.identitiesLinked}`);
  if (summary.billing) {
    console.log(
      `  billing customers: ${summary.billing.customers} (${summary.billing.linked} linked to a community member, ${summary.billing.unlinked} not)`,
    );
    for (const u of summary.billing.unlinkedSample.slice(0, 20))
      console.log(`    unlinked: ${u.externalId}  ${u.name}${u.email ? `  <${u.email}>` : ""}`);
  }
  if (summary.identities) {
    const q = summary.identities;
    console.log(
      `  people:            ${q.members} (${q.multiSource} across more than one source; ${q.automaticMerges} joined by later evidence)`,
    );
    console.log(`  billing unlinked:  ${q.billingUnlinked} customers with no community identity`);
    console.log(`  merge suggestions: ${q.suggestionsWaiting} waiting on /members/merge`);
  }
  if (summary.extra) console.log(`  details:           ${JSON.stringify(summary.extra)}`);
  if (summary.status === "succeeded" && !values["no-recompute"])
    await runPipeline({ reason: `cli import #${summary.importRunId}`, log: (l) => console.log(`  ${l}`) });
  return summary.status === "succeeded" ? 0 : 1;
}
