// `npm run cli -- connectors sync [slack|github|discourse|all] [--no-recompute]`: runs connector syncs
// in this process (the worker runs the same on its schedule), then the recompute when anything was new.
import { syncConnector } from "@/lib/services/connectors/run-sync";
import { runPipeline } from "@/lib/services/pipeline";
import { CONNECTOR_KINDS, type ConnectorKind } from "@/lib/connectors/types";
import { commandArgs } from "./args";

const USAGE = "usage: npm run cli -- connectors sync [slack|github|discourse|all] [--no-recompute]";

export async function run(args: string[]): Promise<number> {
  const words = commandArgs(args, USAGE, {
    options: { "no-recompute": { type: "boolean" } },
    positionals: [1, 2],
  });
  if (!words) return 2;
  const [action, which = "all"] = words.positionals;
  const kinds = which === "all" ? CONNECTOR_KINDS : CONNECTOR_KINDS.filter((k) => k === which);
  if (action !== "sync" || kinds.length === 0) {
    console.error(USAGE);
    return 2;
  }
  let imported = 0;
  let failed = false;
  for (const kind of kinds as ConnectorKind[]) {
    const summary = await syncConnector(kind, { trigger: "manual" });
    imported += summary.imported;
    failed ||= summary.status === "failed";
    console.log(
      `${kind}: ${summary.status}${summary.status === "skipped" ? " (not configured)" : `, ${summary.imported} new of ${summary.fetched} read`}${summary.error ? ` — ${summary.error}` : ""}`,
    );
  }
  if (imported > 0 && !words.values["no-recompute"])
    await runPipeline({ reason: "connectors sync", log: (line) => console.log(`  ${line}`) });
  return failed ? 1 : 0;
}
