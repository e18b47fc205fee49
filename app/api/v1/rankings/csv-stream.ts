// Streams a CSV response from batches of rows, so an export of the whole filtered list never
// builds one giant string. Shared by the ranked-list and outreach export routes.
import { CSV_CONTENT_TYPE, csvFilename, formatCsvCell, type CsvCell } from "@/components/data-table/csv";

const line = (cells: readonly CsvCell[]) => cells.map(formatCsvCell).join(",") + "\r\n";

// The first batch is read before the response starts: a query that fails (bad filter, database down)
// becomes an ordinary JSON error with its status, not a 200 whose body stops after the header line.
export async function csvStreamResponse<T>(
  base: string,
  headers: readonly string[],
  batches: AsyncIterable<T[]>,
  toCells: (row: T) => CsvCell[],
): Promise<Response> {
  const encoder = new TextEncoder();
  const iterator = batches[Symbol.asyncIterator]();
  let first: IteratorResult<T[]> | null = await iterator.next();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(line(headers)));
    },
    async pull(controller) {
      try {
        const next = first ?? (await iterator.next());
        first = null;
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(next.value.map((row) => line(toCells(row))).join("")));
      } catch (error) {
        console.error(`[export ${base}]`, error);
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(stream, {
    headers: {
      "content-type": CSV_CONTENT_TYPE,
      "content-disposition": `attachment; filename="${csvFilename(base)}"`,
      "cache-control": "no-store",
    },
  });
}
