// The table's URL state lives in lib (server reads parse the same params); re-exported here for the
// components and pages that import it beside the DataTable.
export * from "@/lib/table-search-params";
