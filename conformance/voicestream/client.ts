// The suite's gRPC channel to the receiver under test: grpc-js, as Five9's
// client would be, with a serializer that also lets a case put hand-written
// bytes on the wire (RawRequest) and a private subchannel per client so a
// case that breaks its connection never shares it with the next case.
import * as grpc from "@grpc/grpc-js";
import { loadVoiceProto, type StreamingVoiceRequest, type StreamingVoiceResponse } from "../../proto/voice-proto";

/** Bytes sent as they are, in place of a serialized StreamingVoiceRequest. */
export class RawRequest {
  constructor(readonly bytes: Buffer) {}
}

export type OutgoingRequest = StreamingVoiceRequest | RawRequest;
export type LegCall = grpc.ClientDuplexStream<OutgoingRequest, StreamingVoiceResponse>;

export interface ConformanceClient {
  open(metadata: grpc.Metadata): LegCall;
  channel(): ReturnType<grpc.Client["getChannel"]>;
  close(): void;
}

export interface ClientSettings {
  target: string;
  tls: boolean;
  /** Extra channel options (keepalive for the ping case). */
  channelOptions?: grpc.ChannelOptions;
}

let constructorCache: grpc.ServiceClientConstructor | undefined;

function clientConstructor(): grpc.ServiceClientConstructor {
  if (constructorCache) return constructorCache;
  const method = loadVoiceProto().service.StreamingVoice!;
  const serialize = method.requestSerialize as (value: StreamingVoiceRequest) => Buffer;
  constructorCache = grpc.makeGenericClientConstructor(
    {
      StreamingVoice: {
        ...method,
        requestSerialize: (value: OutgoingRequest) => (value instanceof RawRequest ? value.bytes : serialize(value)),
      },
    },
    "five9.voicestream.Voice",
  );
  return constructorCache;
}

export function createClient(settings: ClientSettings): ConformanceClient {
  const Ctor = clientConstructor();
  const credentials = settings.tls ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
  const client = new Ctor(settings.target, credentials, { "grpc.use_local_subchannel_pool": 1, ...settings.channelOptions });
  return {
    open: (metadata) => (client as unknown as { StreamingVoice(md: grpc.Metadata): LegCall }).StreamingVoice(metadata),
    channel: () => client.getChannel(),
    close: () => client.close(),
  };
}
