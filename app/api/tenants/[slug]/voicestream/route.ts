import { tenantRoute } from "@/lib/auth/guard";
import { liveAudioStatus } from "@/lib/install/status-views";

export const dynamic = "force-dynamic";

/** Whether Five9 has validated the VoiceStream subscription; the live-audio step polls it. */
export const GET = tenantRoute(async ({ tenant }) => Response.json({ liveAudio: await liveAudioStatus(tenant.id) }));
