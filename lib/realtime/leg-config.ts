// What a leg's first message decides (docs/five9.md §3): the streaming_config
// must be well formed, both trust tokens and the subscription id must match
// the tenant's subscription (UNAUTHENTICATED, no hint which part), only
// LINEAR16 at 8 kHz is taken, and a campaign the admin did not choose is
// ended politely. Nothing is stored here; the session opens storage after an
// "accept".
import { status as grpcStatus } from "@grpc/grpc-js";
import type * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import { z } from "zod";
import type { StreamingConfig, StreamingVoiceResponse } from "../../proto/voice-proto";
import { authenticateStream } from "./subscription-auth";

const configSchema = z.object({
  vcc_call_id: z.string().min(1, "vcc_call_id is empty").max(200),
  domain_id: z.string().max(64),
  subscription_id: z.string().max(200),
  campaign_id: z.string().max(500),
  agent_id: z.string().max(500),
  skill_id: z.string().max(500),
  trust_token: z.string().max(1000),
  call_leg: z.enum(["AGENT", "CUSTOMER", "SUPERVISOR"], { message: "call_leg must be AGENT, CUSTOMER or SUPERVISOR" }),
  voice_config: z.object({ encoding: z.union([z.string(), z.number()]), sample_rate_hertz: z.number() }).nullish(),
});

export type ConfigDecision =
  | { kind: "accept"; tenantId: string; subscriptionRowId: string }
  /** A refusal: `before` is written first (feedback, an SRV_ERROR status), then the gRPC code. */
  | { kind: "refuse"; code: grpc.status; details: string; before?: StreamingVoiceResponse[] }
  | { kind: "disconnect"; message: string };

export async function judgeConfig(config: StreamingConfig, metadataToken: string | undefined, log: Logger): Promise<ConfigDecision> {
  const parsed = configSchema.safeParse(config);
  if (!parsed.success) {
    return { kind: "refuse", code: grpcStatus.INVALID_ARGUMENT, details: `invalid streaming_config: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}` };
  }
  const auth = await authenticateStream({ domainId: config.domain_id, subscriptionId: config.subscription_id, campaign: config.campaign_id, metadataToken, configToken: config.trust_token });
  if (!auth.ok) {
    log.warn({ domainId: config.domain_id, reason: auth.reason }, "voicestream stream refused");
    return { kind: "refuse", code: grpcStatus.UNAUTHENTICATED, details: "not authorised" };
  }
  const encoding = config.voice_config?.encoding;
  const rate = config.voice_config?.sample_rate_hertz;
  if (encoding !== "LINEAR16" || rate !== 8000) {
    const message = `unsupported audio: ${String(encoding ?? "none")} at ${rate ?? 0} Hz; only LINEAR16 at 8000 Hz is accepted`;
    return {
      kind: "refuse", code: grpcStatus.INVALID_ARGUMENT, details: message,
      before: [{ feedback: { voice_config: { encoding: "LINEAR16", sample_rate_hertz: 8000 } } }, { status: { code: "SRV_ERROR_GENERIC", message } }],
    };
  }
  if (!auth.campaignChosen) {
    log.info({ tenantId: auth.tenantId, campaign: config.campaign_id }, "voicestream stream of a campaign not chosen: disconnected");
    return { kind: "disconnect", message: "campaign not covered by this subscription" };
  }
  return { kind: "accept", tenantId: auth.tenantId, subscriptionRowId: auth.subscriptionRowId };
}
