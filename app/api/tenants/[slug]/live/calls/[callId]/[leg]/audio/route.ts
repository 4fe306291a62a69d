import { tenantRoute } from "@/lib/auth/guard";
import { liveLegAudio } from "@/lib/live/leg-audio";

export const dynamic = "force-dynamic";

/** A leg's live PCM from the live edge on, as it arrives (Listen). */
export const GET = tenantRoute(async ({ request, tenant, params }) => liveLegAudio({ tenantId: tenant.id, params, signal: request.signal }));
