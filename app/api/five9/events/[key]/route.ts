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

/** A call event is a few hundred bytes; anything far larger is refused unread. */
const MAX_EVENT_BYTES = 64 * 1024;

export async function POST(request: Request, context: { params: Promise<{ key: string }> }) {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_EVENT_BYTES) return Response.json({ error: "event too large" }, { status: 413 });
  const text = await request.text();
  if (text.length > MAX_EVENT_BYTES) return Response.json({ error: "event too large" }, { status: 413 });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return toResponse(await receiveEvent((await context.params).key, request.headers.get("x-five9-trust-token"), body));
}
