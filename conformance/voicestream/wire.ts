// Hand-written protobuf encoding of StreamingVoiceRequest, for the messages a
// schema-bound encoder refuses to write: enum numbers outside the schema
// (status code 2001, call_leg 7, encoding 9), and gRPC length-prefixed frames
// with garbage or a lying length. Field numbers are those of proto/voice.proto.

export interface WireTimestamp {
  seconds: number;
  nanos: number;
}

export interface WireVoiceConfig {
  encoding: number;
  sampleRateHertz: number;
}

export interface WireConfig {
  voiceConfig: WireVoiceConfig;
  vccCallId: string;
  domainId: string;
  campaignId: string;
  agentId: string;
  callLeg: number;
  trustToken: string;
  subscriptionId: string;
  skillId: string;
}

function varint(value: number): Buffer {
  const bytes: number[] = [];
  let v = BigInt(value);
  if (v < 0n) v += 1n << 64n; // proto int32/int64 negatives are 10-byte two's complement
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v > 0n);
  return Buffer.from(bytes);
}

function tag(field: number, wireType: number): Buffer {
  return varint((field << 3) | wireType);
}

function varintField(field: number, value: number): Buffer {
  return value === 0 ? Buffer.alloc(0) : Buffer.concat([tag(field, 0), varint(value)]);
}

function bytesField(field: number, value: Buffer): Buffer {
  return Buffer.concat([tag(field, 2), varint(value.length), value]);
}

function stringField(field: number, value: string): Buffer {
  return value === "" ? Buffer.alloc(0) : bytesField(field, Buffer.from(value, "utf8"));
}

function timestamp(ts: WireTimestamp): Buffer {
  return Buffer.concat([varintField(1, ts.seconds), varintField(2, ts.nanos)]);
}

export function encodeConfigRequest(c: WireConfig): Buffer {
  const voice = Buffer.concat([varintField(1, c.voiceConfig.encoding), varintField(2, c.voiceConfig.sampleRateHertz)]);
  const config = Buffer.concat([
    bytesField(1, voice),
    stringField(2, c.vccCallId),
    stringField(3, c.domainId),
    stringField(4, c.campaignId),
    stringField(5, c.agentId),
    varintField(6, c.callLeg),
    stringField(7, c.trustToken),
    stringField(8, c.subscriptionId),
    stringField(9, c.skillId),
  ]);
  return bytesField(1, config);
}

export function encodeStatusRequest(code: number, message = ""): Buffer {
  const status = Buffer.concat([varintField(1, code), stringField(2, message)]);
  return bytesField(3, status);
}

export function encodeAudioRequest(audio: Buffer, sendTime?: WireTimestamp): Buffer {
  return Buffer.concat([bytesField(2, audio), sendTime ? bytesField(4, timestamp(sendTime)) : Buffer.alloc(0)]);
}

/** A gRPC length-prefixed message (uncompressed). `declaredLength` lets the prefix lie. */
export function grpcFrame(payload: Buffer, declaredLength = payload.length): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(0, 0);
  header.writeUInt32BE(declaredLength >>> 0, 1);
  return Buffer.concat([header, payload]);
}

/** Bytes no protobuf decoder accepts: field 1 with wire type 7 (there is none), then a varint that never ends. */
export const GARBAGE_PROTOBUF = Buffer.from([0x0f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);

/** Numeric values of proto/voice.proto's enums, for the hand-written messages. */
export const ENCODING = { LINEAR16: 1, MULAW: 2 } as const;
export const CALL_LEG = { AGENT: 0, CUSTOMER: 1 } as const;
