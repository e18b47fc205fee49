// The address a sign-in came from. The web process's preload (scripts/client-address-preload.mjs)
// sets this header on every request from the socket's peer (or, behind TRUSTED_PROXIES, the
// nearest untrusted X-Forwarded-For hop), overwriting whatever the client sent.
export const CLIENT_ADDRESS_HEADER = "x-groundswell-client-address";

let warned = false;

export function requestClientAddress(headers: Record<string, string | string[] | undefined>): string {
  const value = headers[CLIENT_ADDRESS_HEADER];
  if (typeof value === "string" && value) return value;
  if (!warned) {
    warned = true;
    console.warn(
      "[auth] no client address on sign-in requests (web server started without scripts/client-address-preload.mjs): throttling shares one bucket",
    );
  }
  return "unknown";
}
