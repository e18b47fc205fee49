// One member per person: pairs that are probably the same person, with the reasons, to merge
// (admins), and recent merges that can be undone.
import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { listBotList, listMergeSuggestions, listRecentMerges } from "@/lib/data/member-merges";
import { PageHeader } from "@/components/ui/page-header";
import { MergeSuggestionList, RecentMergeList } from "./merge-lists";
import { BotListForm } from "./bot-list-form";

export const metadata: Metadata = { title: "Merge members" };
export const dynamic = "force-dynamic";

export default async function MergeMembersPage() {
  const user = await requireUser();
  const [suggestions, merges, bots] = await Promise.all([
    listMergeSuggestions(),
    listRecentMerges(),
    listBotList(),
  ]);
  return (
    <div className="space-y-10">
      <PageHeader
        title="Merge members"
        description="Strong evidence (one email, a profile naming a login, a noreply address) joins accounts at import. What is left here is weaker: the same name at the same company, near-identical handles, a name that is a login. Merging moves everything to the first member; Undo moves it back."
      />
      <section aria-labelledby="suggestions-heading" className="space-y-3">
        <h2 id="suggestions-heading" tabIndex={-1} className="text-lg font-semibold">
          Suggestions ({suggestions.length})
        </h2>
        <MergeSuggestionList suggestions={suggestions} canEdit={user.role === "admin"} />
      </section>
      <section aria-labelledby="merges-heading" className="space-y-3">
        <h2 id="merges-heading" className="text-lg font-semibold">
          Recent merges
        </h2>
        <RecentMergeList merges={merges} canEdit={user.role === "admin"} timeZone={user.timeZone} />
      </section>
      <section aria-labelledby="bots-heading" className="space-y-3">
        <h2 id="bots-heading" className="text-lg font-semibold">
          Bot accounts
        </h2>
        <BotListForm entries={bots} canEdit={user.role === "admin"} />
      </section>
    </div>
  );
}
