import { tenantRoute } from "@/lib/auth/guard";
import { liveEventStream } from "@/lib/live/live-sse";

export const dynamic = "force-dynamic";

/** Server-Sent Events of the tenant's live calls (one per tab; Last-Event-ID resumes). */
export const GET = tenantRoute(async ({ request, tenant }) => liveEventStream({ tenantId: tenant.id, lastEventId: request.headers.get("last-event-id"), signal: request.signal }));
