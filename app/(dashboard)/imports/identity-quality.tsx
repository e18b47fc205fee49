// One line on the Imports page saying how well the imported sources are joined into people.
import Link from "next/link";
import { identityLinkSummary } from "@/lib/data/member-merges";

export async function IdentityQuality() {
  const q = await identityLinkSummary();
  if (q.members === 0) return null;
  return (
    <section aria-labelledby="identity-quality-heading" className="space-y-1 text-sm text-slate-700">
      <h2 id="identity-quality-heading" className="text-lg font-semibold text-slate-900">
        People across sources
      </h2>
      <p>
        {q.members.toLocaleString()} people (bots not counted): {q.multiSource.toLocaleString()} span more
        than one source
        {q.automaticMerges > 0 && (
          <>, {q.automaticMerges.toLocaleString()} of them joined when later evidence linked their accounts</>
        )}
        . {q.billingUnlinked.toLocaleString()} billing customers are not linked to a community member.{" "}
        <Link href="/members/merge" className="underline">
          {q.suggestionsWaiting.toLocaleString()} merge suggestions
        </Link>{" "}
        wait for review.
      </p>
    </section>
  );
}
