// Skeleton while the import history loads.
import { DataTableSkeleton } from "@/components/data-table";
import { Skeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return (
    <div className="space-y-8">
      <Skeleton className="h-8 w-48" />
      <Skeleton className="h-32 w-full" />
      <DataTableSkeleton />
    </div>
  );
}
