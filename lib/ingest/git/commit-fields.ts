// The looser parts of a git log line: author dates in the formats `git log` prints besides
// strict ISO (%aI), and the co-authors of a commit named by `Co-authored-by:` trailers.

// Anchored and linear: no nested quantifiers, so no backtracking on hostile input.
/** %aI: strict ISO 8601, the documented format. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;
/** %ai: "2024-03-01 10:00:00 +0545", git's ISO-like default for `--date=iso`. */
const ISO_LIKE_DATE = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/;
/** %aD: RFC 2822, "Fri, 1 Mar 2024 10:00:00 +0545" (what `git log` prints by default, with a day name). */
const RFC2822_DATE = /^(?:[A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$/;

/** An author date as `git log` prints it (%aI, %ai or %aD), or null for anything else. */
export function parseGitDate(text: string): Date | null {
  let iso: string | null = null;
  if (ISO_DATE.test(text)) iso = text;
  else {
    const m = ISO_LIKE_DATE.exec(text);
    if (m) iso = `${m[1]}T${m[2]}${m[3]}:${m[4]}`;
    else if (RFC2822_DATE.test(text)) iso = text;
  }
  if (iso === null) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export interface CoAuthor {
  name: string;
  email: string;
}

// "Name <address>", the value of a Co-authored-by trailer; names hold no angle brackets.
const CO_AUTHOR = /([^<>\t\u001f]*)<([^<>\s@]+@[^<>\s]+)>/g;
const SEPARATORS = /^[\s,;\u001f]*$/;

/**
 * The co-authors in the text after a commit's four fields, or on the lines after it: the values
 * of `%(trailers:key=Co-authored-by,valueonly,...)`, each "Name <email>", separated by the
 * trailer separator (`%x1f`, a comma, or newlines). Null when the text is anything else (a
 * subject line, say), so extra columns that are not trailers are ignored, never misread.
 */
export function parseCoAuthors(text: string): CoAuthor[] | null {
  const found: CoAuthor[] = [];
  let rest = "";
  let last = 0;
  for (const m of text.matchAll(CO_AUTHOR)) {
    rest += text.slice(last, m.index);
    last = m.index + m[0].length;
    // A separator before the name belongs to the gap, not the name.
    const name = m[1].replace(/^[\s,;]+/, "").trim();
    found.push({ name, email: m[2] });
  }
  rest += text.slice(last);
  return found.length > 0 && SEPARATORS.test(rest) ? found : null;
}
