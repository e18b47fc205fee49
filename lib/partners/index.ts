// Partner programme and monthly report domain: pure rules, changes and rendering (no Prisma, Next or React).
// Table-driven tests sit beside each module.
export * from "./changes";
export * from "./ppp";
export * from "./eligibility";
export * from "./alert-rules";
export * from "./report";
export * from "./report-render";
export * from "./report-tables";
