// A tiny local HTTP server for the connector tests and benchmark: one handler, a request log, and a
// queue of injected faults (429 with Retry-After, 502, ...) consumed by matching requests.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface Fault {
  /** Matches the request's path (and, for Slack, its method name). */
  match: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many matching requests get this fault (default 1). */
  times?: number;
  /** Matching requests let through before the fault starts. */
  after?: number;
}

export interface FixtureRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: URLSearchParams;
  headers: IncomingMessage["headers"];
}

export interface FixtureServer {
  url: string;
  requests: FixtureRequest[];
  faults: Fault[];
  close(): Promise<void>;
}

export type Handler = (
  req: FixtureRequest,
  baseUrl: string,
) => { status: number; headers?: Record<string, string>; body: unknown };

export async function startFixtureServer(
  handler: Handler,
  options: { keepLog?: boolean; delayMs?: number } = {},
): Promise<FixtureServer> {
  const requests: FixtureRequest[] = [];
  const faults: Fault[] = [];
  let baseUrl = "";
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", baseUrl);
      const text = Buffer.concat(chunks).toString("utf8");
      const body = req.headers["content-type"]?.includes("json")
        ? new URLSearchParams(Object.entries(JSON.parse(text || "{}") as Record<string, string>))
        : new URLSearchParams(text);
      const request: FixtureRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        body,
        headers: req.headers,
      };
      if (options.keepLog !== false) requests.push(request);
      const fault = faults.find((f) => {
        if (!f.match.test(url.pathname) || (f.times ?? 1) <= 0) return false;
        if ((f.after ?? 0) > 0) {
          f.after = (f.after ?? 0) - 1;
          return false;
        }
        return true;
      });
      const answer = fault
        ? { status: fault.status, headers: fault.headers, body: fault.body ?? { message: "fault" } }
        : handler(request, baseUrl);
      if (fault) fault.times = (fault.times ?? 1) - 1;
      const send = () => {
        res.writeHead(answer.status, {
          "content-type": "application/json; charset=utf-8",
          ...answer.headers,
        });
        res.end(JSON.stringify(answer.body));
      };
      if (options.delayMs) setTimeout(send, options.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    requests,
    faults,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Opaque page cursors, as the services hand out (base64 of an offset). */
export const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString("base64");
export const decodeCursor = (cursor: string | null | undefined) =>
  cursor ? Number(Buffer.from(cursor, "base64").toString("utf8").split(":")[1]) || 0 : 0;
