// Reads a JSON request body up to a byte limit, counting bytes as they arrive (Content-Length can
// be absent or wrong): a body over the limit is a 413, never a misleading "not JSON".
import { jsonError } from "./handler";

/** The parsed value, and the bytes it was parsed from (the ingest API stages them as they came). */
export type JsonBody = { ok: true; value: unknown; bytes: Buffer } | { ok: false; response: Response };

export async function readJsonBody(request: Request, maxBytes: number): Promise<JsonBody> {
  const tooLarge = () => ({
    ok: false as const,
    response: jsonError(
      413,
      `The body is larger than ${Math.round(maxBytes / 1024 / 1024)} MB: send fewer events per request`,
    ),
  });
  if (Number(request.headers.get("content-length") ?? "0") > maxBytes) return tooLarge();
  if (!request.body) return { ok: false, response: jsonError(400, "Body is not JSON") };
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > maxBytes) {
      await reader.cancel().catch(() => {});
      return tooLarge();
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks);
  try {
    return { ok: true, value: JSON.parse(text.toString("utf8")), bytes: text };
  } catch {
    return { ok: false, response: jsonError(400, "Body is not JSON") };
  }
}
