// Shared client pieces of the Candidates and At-risk lists.
export { RankedListTable, type RankedListTableProps } from "./ranked-list-table";
export { OutreachStatusBadge, RankChange, TopReasons } from "./cells";
export type { RankedFilterChoices, RankedListActions } from "./types";
