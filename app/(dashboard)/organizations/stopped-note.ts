// Whom the Organisations pages leave out of paying members and MRR besides bots: members paying only through a
// billing source that stopped long ago, as the Overview leaves them out.
import { formatDate } from "@/lib/format/numbers";
import { sourceLabel } from "@/lib/format/labels";
import type { StoppedSource } from "@/lib/data/organizations";

/** " Paying members and MRR leave out members paying only through Open Collective (its data ends 31 Dec 2021)." */
export function stoppedSourcesNote(sources: StoppedSource[], timeZone: string): string {
  if (sources.length === 0) return "";
  const list = sources
    .map((s) => `${sourceLabel(s.source)} (its data ends ${formatDate(s.dataThrough, timeZone)})`)
    .join(", ");
  return ` Paying members and MRR leave out members paying only through ${list}, as the Overview does.`;
}
