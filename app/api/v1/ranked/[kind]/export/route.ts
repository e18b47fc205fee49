// The old address of the ranked-list export: one API tree now serves rankings (/api/v1/rankings/...), so this
// permanently redirects there with the same query, after the same authentication as every API route.
import { apiRoute } from "@/lib/api/handler";

export const dynamic = "force-dynamic";

export async function GET(request: Request, context: { params: Promise<{ kind: string }> }) {
  const { kind } = await context.params;
  return apiRoute("read", async (req) => {
    const url = new URL(req.url);
    return new Response(null, {
      status: 308,
      headers: { location: `/api/v1/rankings/${encodeURIComponent(kind)}/export${url.search}` },
    });
  })(request);
}
