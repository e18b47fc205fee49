// Child process for the scale-out test (run with lib/test/server-entry-hooks.mjs preloaded): one web process serving the real ingest route handler
// (app/api/v1/events/route.ts) on PORT over node:http, against DATABASE_URL. `next start` would serve
// the same handler but needs a production build, which costs minutes on a 2-core CI machine.
import http from "node:http";
import { POST } from "@/app/api/v1/events/route";

const port = Number(process.env.PORT);
const server = http.createServer(async (req, res) => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === "string") headers.set(name, value);
  const response = await POST(
    new Request(`http://127.0.0.1:${port}${req.url}`, {
      method: req.method,
      headers,
      body: Buffer.concat(chunks),
    }),
  );
  res.writeHead(response.status, {
    "content-type": response.headers.get("content-type") ?? "application/json",
  });
  res.end(Buffer.from(await response.arrayBuffer()));
});
server.listen(port, "127.0.0.1", () => console.log(`listening on ${port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
