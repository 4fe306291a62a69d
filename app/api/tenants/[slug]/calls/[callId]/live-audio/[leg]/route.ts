import { tenantRoute } from "@/lib/auth/guard";
import { liveAudioResponse } from "@/lib/live-audio/call-live-audio";

export const dynamic = "force-dynamic";

/** One leg's (or the conversation's) live-audio WAV for the audio player, with Range support. */
export const GET = tenantRoute(async ({ request, tenant, params }) => liveAudioResponse(tenant.id, String(params.callId ?? ""), String(params.leg ?? ""), request.headers.get("range")));
