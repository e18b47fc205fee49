// Alerts moved to their own page in the navigation; old links land there.
import { redirect } from "next/navigation";

export default async function OldAlertsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const kind = (await searchParams).kind;
  redirect(kind ? `/alerts?kind=${encodeURIComponent(kind)}` : "/alerts");
}
