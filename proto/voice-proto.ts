// Loads proto/voice.proto at run time with @grpc/proto-loader. Options:
// keepCase (field names exactly as on the wire schema: `streaming_config`,
// `vcc_call_id`), enums as their names (`"SRV_REQ_START_STREAMING"`), 64-bit
// integers as strings, oneofs reported by name, defaults filled in. The
// connector's gRPC server may load the same file with the same options.
import path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";

// Resolved from the repository root (every entry point runs there): some
// loaders (Playwright's) compile to CommonJS, where import.meta is unavailable.
export const VOICE_PROTO_PATH = path.resolve("proto/voice.proto");

export const VOICE_PROTO_OPTIONS: protoLoader.Options = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

export type CallLegName = "AGENT" | "CUSTOMER" | "SUPERVISOR";
export type StatusCodeName =
  | "SUCCESS"
  | "CLT_CALL_ENDED"
  | "CLT_CALL_HOLD"
  | "CLT_CALL_RESUME"
  | "CLT_DISCONNECT"
  | "CLT_ERROR_NO_RESOURCE"
  | "CLT_ERROR_TIMEOUT"
  | "CLT_ERROR_GENERIC"
  | "SRV_REQ_START_STREAMING"
  | "SRV_REQ_PAUSE_STREAMING"
  | "SRV_REQ_DISCONNECT"
  | "SRV_REQ_RECONNECT"
  | "SRV_ERROR_NO_RESOURCE"
  | "SRV_ERROR_TIMEOUT"
  | "SRV_ERROR_GENERIC";

export interface Timestamp {
  seconds: string | number;
  nanos: number;
}

export interface VoiceConfig {
  encoding: "ENCODING_UNSPECIFIED" | "LINEAR16" | "MULAW" | "AMR" | "AMR_WB";
  sample_rate_hertz: number;
}

export interface StreamingConfig {
  voice_config: VoiceConfig;
  vcc_call_id: string;
  domain_id: string;
  campaign_id: string;
  agent_id: string;
  call_leg: CallLegName;
  trust_token: string;
  subscription_id: string;
  skill_id: string;
}

export interface StreamingStatus {
  code: StatusCodeName;
  message?: string;
}

/** As written by a client: exactly one of the oneof fields. */
export type StreamingVoiceRequest =
  | { streaming_config: StreamingConfig; send_time?: Timestamp }
  | { audio_content: Buffer; send_time?: Timestamp }
  | { streaming_status: StreamingStatus; send_time?: Timestamp };

/** As decoded with VOICE_PROTO_OPTIONS (defaults filled, `streaming_request` names the oneof set). */
export interface DecodedVoiceRequest {
  streaming_request?: "streaming_config" | "audio_content" | "streaming_status";
  streaming_config?: StreamingConfig;
  audio_content?: Buffer;
  streaming_status?: StreamingStatus;
  send_time?: Timestamp | null;
}

export interface StreamingVoiceResponse {
  status?: StreamingStatus | null;
  feedback?: { voice_config?: VoiceConfig | null } | null;
}

export type VoiceStreamCall = grpc.ClientDuplexStream<StreamingVoiceRequest, StreamingVoiceResponse>;

export interface VoiceClient extends grpc.Client {
  StreamingVoice(metadata?: grpc.Metadata, options?: grpc.CallOptions): VoiceStreamCall;
}

export interface VoiceProto {
  /** Client constructor for five9.voicestream.Voice. */
  Voice: new (address: string, credentials: grpc.ChannelCredentials, options?: grpc.ClientOptions) => VoiceClient;
  /** Service definition, for a server (`server.addService(proto.service, impl)`). */
  service: grpc.ServiceDefinition;
}

let cached: VoiceProto | undefined;

export function loadVoiceProto(): VoiceProto {
  if (cached) return cached;
  const definition = protoLoader.loadSync(VOICE_PROTO_PATH, VOICE_PROTO_OPTIONS);
  const pkg = grpc.loadPackageDefinition(definition) as unknown as { five9: { voicestream: { Voice: grpc.ServiceClientConstructor } } };
  const Voice = pkg.five9.voicestream.Voice;
  cached = { Voice: Voice as unknown as VoiceProto["Voice"], service: Voice.service };
  return cached;
}

export function toTimestamp(epochMs: number): Timestamp {
  const seconds = Math.floor(epochMs / 1000);
  return { seconds: String(seconds), nanos: Math.round((epochMs - seconds * 1000) * 1e6) };
}

export function fromTimestamp(ts: Timestamp | null | undefined): number | undefined {
  if (!ts) return undefined;
  return Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1e6);
}
