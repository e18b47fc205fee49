// Open Collective transactions export: CSV reading, classification, and subscription derivation.
export * from "./csv";
export * from "./classify";
export * from "./subscriptions";
export * from "./import";
export * from "./current-format";
export * from "./graphql-json";
export * from "./members";
