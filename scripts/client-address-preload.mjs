// Preloaded into the web server (`node --import`): stamps every request with the address it came
// from (see lib/auth/client-address.ts, which this mirrors), overwriting any client-sent value, so
// sign-in throttling keys on the socket rather than on a header the client chose.
// TRUSTED_PROXIES: comma-separated proxy addresses whose X-Forwarded-For is believed.
import http from "node:http";

const HEADER = "x-groundswell-client-address";
const normalise = (a) => {
  const t = String(a).trim();
  return t.startsWith("::ffff:") ? t.slice(7) : t;
};
const trusted = new Set((process.env.TRUSTED_PROXIES ?? "").split(",").map(normalise).filter(Boolean));

function clientAddress(peer, forwardedFor) {
  let address = normalise(peer ?? "unknown");
  if (!trusted.has(address) || !forwardedFor) return address;
  const hops = String(forwardedFor).split(",").map(normalise).filter(Boolean);
  while (hops.length && trusted.has(address)) address = hops.pop();
  return address;
}

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, request, ...rest) {
  if (event === "request" && request && request.headers) {
    request.headers[HEADER] = clientAddress(
      request.socket?.remoteAddress,
      request.headers["x-forwarded-for"],
    );
  }
  return emit.call(this, event, request, ...rest);
};

// The web server is the launcher's child: if the launcher dies (even SIGKILL), stop with it rather
// than linger as an orphan holding the port (the next `npm start` would then fail).
const launcher = process.ppid;
setInterval(() => {
  if (process.ppid !== launcher) process.exit(0);
}, 2000).unref();
