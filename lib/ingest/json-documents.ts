// JSON documents written one after another with nothing between them: what `gh api --paginate`
// prints for a list endpoint (`[...][...]`, one array a page) and what `curl … >> file` leaves.

const AFTER_JSON = /after JSON at position (\d+)/;

/**
 * The documents of `text` when it is several JSON values back to back (two or more), else null
 * (one document, or not JSON at all: the caller's own JSON.parse then says why). Linear: each
 * document is parsed twice at most, once to find where it ends and once on its own.
 */
export function concatenatedJson(text: string): unknown[] | null {
  const documents: unknown[] = [];
  let rest = text;
  for (;;) {
    try {
      documents.push(JSON.parse(rest));
      return documents.length > 1 ? documents : null;
    } catch (err) {
      const end = AFTER_JSON.exec((err as Error).message);
      if (!end) return null;
      const at = Number(end[1]);
      try {
        documents.push(JSON.parse(rest.slice(0, at)));
      } catch {
        return null;
      }
      rest = rest.slice(at);
    }
  }
}
