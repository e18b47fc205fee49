// "Export CSV" beside a table that is not a DataTable (which has its own): a download link to an /api/v1 export.
import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";

export function ExportCsvLink({ href, what }: { href: string; what: string }) {
  return (
    <Button asChild variant="outline" size="sm">
      <a href={href} download aria-label={`Export CSV: ${what}`}>
        <Download aria-hidden="true" />
        Export CSV
      </a>
    </Button>
  );
}
