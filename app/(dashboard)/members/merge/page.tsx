// One member per person: pairs that are probably the same person, with the reasons, to merge
// (admins), and recent merges that can be undone.
import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { listMergeSuggestions, listRecentMerges } from "@/lib/data/member-merges";
import { PageHeader } from "@/components/ui/page-header";
import { MergeSuggestionList, RecentMergeList } from "./merge-lists";

export const metadata: Metadata = { title: "Merge members" };
export const dynamic = "force-dynamic";

export default async function MergeMembersPage() {
  const user = await requireUser();
  const [suggestions, merges] = await Promise.all([listMergeSuggestions(), listRecentMerges()]);
  return (
    <div className="space-y-10">
      <PageHeader title="Merge members" description="People who appear as two members: same email, a name that is another source's login, or a profile naming a handle. Merging moves everything to the first member; Undo moves it back." />
      <section aria-labelledby="suggestions-heading" className="space-y-3">
        <h2 id="suggestions-heading" className="text-lg font-semibold">Suggestions ({suggestions.length})</h2>
        <MergeSuggestionList suggestions={suggestions} canEdit={user.role === "admin"} />
      </section>
      <section aria-labelledby="merges-heading" className="space-y-3">
        <h2 id="merges-heading" className="text-lg font-semibold">Recent merges</h2>
        <RecentMergeList merges={merges} canEdit={user.role === "admin"} timeZone={user.timeZone} />
      </section>
    </div>
  );
}
