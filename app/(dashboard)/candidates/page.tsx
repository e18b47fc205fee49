// /candidates: members most likely to upgrade, from the latest 'candidates' snapshot.
import type { Metadata } from "next";
import { RankedPage, type SearchParams } from "./ranked-page";

export const metadata: Metadata = { title: "Upgrade candidates" };
export const dynamic = "force-dynamic";

export default function CandidatesPage({ searchParams }: { searchParams: SearchParams }) {
  return <RankedPage kind="candidates" searchParams={searchParams} />;
}
