// A small Five9-side VoiceStream client for receiver tests: each call of
// openLeg() is one gRPC stream whose every message the test writes by hand
// (config, audio with or without send_time, statuses), and whose responses
// and final status are recorded. rawStream() writes arbitrary bytes as
// messages (malformed protobuf).
import * as grpc from "@grpc/grpc-js";
import { loadVoiceProto, toTimestamp, type StatusCodeName, type StreamingConfig, type StreamingVoiceResponse, type VoiceClient } from "../../proto/voice-proto";

export interface LegClient {
  responses: StreamingVoiceResponse[];
  statuses(): StatusCodeName[];
  /** Resolves with the stream's final gRPC status. */
  closed: Promise<{ code: grpc.status; details: string }>;
  config(overrides?: Partial<StreamingConfig>): void;
  audio(pcm: Buffer, sendTimeMs?: number): void;
  status(code: StatusCodeName | number, message?: string): void;
  end(): void;
  cancel(): void;
  waitForStatus(code: StatusCodeName, timeoutMs?: number): Promise<void>;
}

export interface LegDefaults {
  token: string;
  domainId: string;
  subscriptionId: string;
  callId: string;
  campaign: string;
  leg?: StreamingConfig["call_leg"];
}

const clients = new Map<string, VoiceClient>();

function clientFor(target: string): VoiceClient {
  let c = clients.get(target);
  if (!c) {
    const { Voice } = loadVoiceProto();
    c = new Voice(target, grpc.credentials.createInsecure());
    clients.set(target, c);
  }
  return c;
}

export function closeVoiceClients(): void {
  for (const c of clients.values()) c.close();
  clients.clear();
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 5000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function openLeg(target: string, d: LegDefaults, options: { metadataToken?: string | null } = {}): LegClient {
  const metadata = new grpc.Metadata();
  const metaToken = options.metadataToken === undefined ? d.token : options.metadataToken;
  if (metaToken !== null) metadata.set("x-five9-trust-token", metaToken);
  const stream = clientFor(target).StreamingVoice(metadata);
  const responses: StreamingVoiceResponse[] = [];
  stream.on("data", (r: StreamingVoiceResponse) => responses.push(r));
  const closed = new Promise<{ code: grpc.status; details: string }>((resolve) => {
    stream.on("status", (s: grpc.StatusObject) => resolve({ code: s.code, details: s.details }));
    stream.on("error", () => undefined);
  });
  const statuses = () => responses.map((r) => r.status?.code).filter((c): c is StatusCodeName => !!c);
  return {
    responses,
    statuses,
    closed,
    config(overrides = {}) {
      stream.write({
        streaming_config: {
          voice_config: { encoding: "LINEAR16", sample_rate_hertz: 8000 },
          vcc_call_id: d.callId, domain_id: d.domainId, campaign_id: d.campaign, agent_id: "agent.smith", call_leg: d.leg ?? "AGENT",
          trust_token: d.token, subscription_id: d.subscriptionId, skill_id: "Sales", ...overrides,
        },
      });
    },
    audio(pcm, sendTimeMs) {
      stream.write(sendTimeMs === undefined ? { audio_content: pcm } : { audio_content: pcm, send_time: toTimestamp(sendTimeMs) });
    },
    status(code, message = "") {
      stream.write({ streaming_status: { code: code as StatusCodeName, message } });
    },
    end: () => stream.end(),
    cancel: () => stream.cancel(),
    waitForStatus: (code, timeoutMs = 5000) => waitUntil(() => statuses().includes(code), timeoutMs, code),
  };
}

/** A stream whose messages are raw bytes (no protobuf encoding): for malformed input. */
export function rawStream(target: string, token: string): { write(bytes: Buffer): void; closed: Promise<{ code: grpc.status; details: string }> } {
  const Raw = grpc.makeGenericClientConstructor(
    { StreamingVoice: { path: "/five9.voicestream.Voice/StreamingVoice", requestStream: true, responseStream: true, requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b, responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b } },
    "RawVoice",
  );
  const client = new Raw(target, grpc.credentials.createInsecure()) as unknown as { StreamingVoice(m: grpc.Metadata): grpc.ClientDuplexStream<Buffer, Buffer> };
  const metadata = new grpc.Metadata();
  metadata.set("x-five9-trust-token", token);
  const stream = client.StreamingVoice(metadata);
  stream.on("data", () => undefined);
  const closed = new Promise<{ code: grpc.status; details: string }>((resolve) => {
    stream.on("status", (s: grpc.StatusObject) => resolve({ code: s.code, details: s.details }));
    stream.on("error", () => undefined);
  });
  return { write: (b) => stream.write(b), closed };
}

/** PCM of `ms` milliseconds: a ramp whose value encodes the sample's time, so tests can check placement. */
export function rampPcm(startMs: number, ms: number): Buffer {
  const samples = ms * 8;
  const b = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) b.writeInt16LE(((startMs * 8 + i) % 30000) + 1, i * 2);
  return b;
}
