// Where to go after sign-in: only a path on this site. Parsed with the URL parser the browser
// uses (which turns `\` into `/` and drops tabs), so `/\evil.example` or `/%09/evil.example`
// cannot become a protocol-relative link to another site.
const BASE = "http://groundswell.invalid";

export function safeCallbackPath(callbackUrl: string | undefined | null): string {
  if (!callbackUrl) return "/";
  let url: URL;
  try {
    url = new URL(callbackUrl, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  // A path such as `/.//evil.example` normalises to `//evil.example`: collapse leading slashes.
  return `/${url.pathname.replace(/^[/\\]+/, "")}${url.search}${url.hash}`;
}
