// STRIPE_API_BASE → the host/port/protocol the stripe client takes, so sync and reconcile can talk to a
// Stripe-compatible endpoint (stripe-mock, a recording proxy, a local fake in tests). Pure.

export interface StripeEndpoint {
  host: string;
  port: number;
  protocol: "http" | "https";
}

/** Parses a base URL such as `http://localhost:12111`; a message naming the variable when it is not one the client can use. */
export function parseStripeApiBase(base: string): StripeEndpoint | { error: string } {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return { error: `STRIPE_API_BASE: "${base}" is not a URL (expected e.g. http://localhost:12111)` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return {
      error: `STRIPE_API_BASE: the protocol must be http or https, not ${url.protocol.replace(/:$/, "")}`,
    };
  // The client always requests /v1/…: a path prefix could not be honoured, so it is refused rather than dropped.
  if (url.pathname !== "/" || url.search || url.hash)
    return {
      error: `STRIPE_API_BASE: give only scheme, host and port (the client adds /v1/…), not "${url.pathname}${url.search}"`,
    };
  const protocol = url.protocol === "http:" ? "http" : "https";
  return { host: url.hostname, port: url.port ? Number(url.port) : protocol === "http" ? 80 : 443, protocol };
}
