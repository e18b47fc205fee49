// /at-risk: paying members most likely to downgrade or cancel, from the latest 'at-risk' snapshot.
import type { Metadata } from "next";
import { RankedPage, type SearchParams } from "../candidates/ranked-page";

export const metadata: Metadata = { title: "At risk" };
export const dynamic = "force-dynamic";

export default function AtRiskPage({ searchParams }: { searchParams: SearchParams }) {
  return <RankedPage kind="at-risk" searchParams={searchParams} />;
}
