import { answerValidation, receiveEvent, type EventEndpointResult } from "@/lib/install/event-endpoint";

export const dynamic = "force-dynamic";

function toResponse(result: EventEndpointResult): Response {
  if (result.status === 204) return new Response(null, { status: 204 });
  if (result.status === 200) return new Response(result.body, { status: 200, headers: { "content-type": "application/json" } });
  return Response.json({ error: result.error }, { status: result.status });
}

export async function GET(_request: Request, context: { params: Promise<{ key: string }> }) {
  return toResponse(await answerValidation((await context.params).key));
}

export async function POST(request: Request, context: { params: Promise<{ key: string }> }) {
  const body = await request.json().catch(() => undefined);
  return toResponse(await receiveEvent((await context.params).key, request.headers.get("x-five9-trust-token"), body));
}
