// Preloaded (`node --import ./lib/test/server-entry-hooks.mjs --import tsx …`) by child processes that run route handlers
// outside Next: `server-only` resolves to its empty module, as Next's server bundles do, while React keeps its full
// (non-react-server) build that Next's shared modules need.
import Module, { createRequire, register } from "node:module";
import path from "node:path";

// The package exports empty.js only under the react-server condition: find it next to the main file.
const empty = path.join(path.dirname(createRequire(import.meta.url).resolve("server-only")), "empty.js");
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return resolveFilename.call(this, request === "server-only" ? empty : request, ...rest);
};
register(
  `data:text/javascript,${encodeURIComponent(`export async function resolve(specifier, context, next) { return next(specifier === "server-only" ? ${JSON.stringify("file://" + empty)} : specifier, context); }`)}`,
  import.meta.url,
);
