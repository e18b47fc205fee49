// Lets server-only modules load under vitest (Node), where the React server condition is absent.
export {};
