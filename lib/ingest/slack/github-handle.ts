// Finds a GitHub login written in free profile text: "github.com/octocat", "GitHub: octocat",
// "GH: @octocat". A linear scan, so hostile profile text cannot make it backtrack.

const RESERVED = new Set([
  "orgs",
  "settings",
  "sponsors",
  "features",
  "about",
  "login",
  "marketplace",
  "topics",
  "enterprise",
  "pricing",
  "apps",
]);

function isHandleChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;
}

/** Reads a GitHub login starting at `from` (after skipping spaces, ':' and '@'), or null. */
function readHandle(text: string, from: number, requireSeparator: boolean): string | null {
  let i = from;
  let sawSeparator = false;
  while (i < text.length && (text[i] === " " || text[i] === ":" || text[i] === "@" || text[i] === "=")) {
    if (text[i] !== " ") sawSeparator = true;
    i++;
  }
  if (requireSeparator && !sawSeparator) return null;
  const start = i;
  while (i < text.length && isHandleChar(text.charCodeAt(i))) i++;
  const handle = text.slice(start, i);
  if (
    handle.length === 0 ||
    handle.length > 39 ||
    handle.startsWith("-") ||
    handle.endsWith("-") ||
    handle.includes("--")
  )
    return null;
  return RESERVED.has(handle.toLowerCase()) ? null : handle;
}

/** The GitHub login named in a piece of profile text, or null. */
export function findGithubHandle(text: string | null | undefined): string | null {
  if (!text) return null;
  const lower = text.toLowerCase();
  const url = lower.indexOf("github.com/");
  if (url !== -1) return readHandle(text, url + "github.com/".length, false);
  for (const label of ["github", "gh"]) {
    for (let at = lower.indexOf(label); at !== -1; at = lower.indexOf(label, at + 1)) {
      // A whole word only: "GitHub: x" but not "ghost: x".
      const before = at === 0 ? 32 : lower.charCodeAt(at - 1);
      if (isHandleChar(before)) continue;
      const handle = readHandle(text, at + label.length, true);
      if (handle) return handle;
    }
  }
  return null;
}
