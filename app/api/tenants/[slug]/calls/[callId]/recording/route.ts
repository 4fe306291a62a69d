import { tenantRoute } from "@/lib/auth/guard";
import { recordingResponse } from "@/lib/ingestion-status/recording-response";

export const dynamic = "force-dynamic";

/** The call's WAV for the audio player, with Range support. */
export const GET = tenantRoute(async ({ request, tenant, params }) => recordingResponse(tenant.id, String(params.callId ?? ""), request.headers.get("range")));
