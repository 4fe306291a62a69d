// The receiver's request decoder. Nearly every message of a stream is audio
// (`audio_content` = field 2, `send_time` = field 4), 50 per second per leg:
// those are read straight off the wire — the PCM is a view of the received
// buffer, send_time becomes epoch ms — with no object tree, no Long/string
// conversion. Anything else (config, status, an odd encoding such as a
// negative or huge timestamp, repeated oneof members) goes to the schema's
// protobufjs decoder, so the result is always what the schema says.
// Malformed bytes throw, and grpc-js answers INTERNAL as before.
import type * as grpc from "@grpc/grpc-js";
import { loadVoiceProto, type DecodedVoiceRequest } from "../../proto/voice-proto";

/** A decoded request; audio from the fast path carries `sendTimeMs` (undefined = no send_time) instead of `send_time`. */
export type ReceivedVoiceRequest = DecodedVoiceRequest & { sendTimeMs?: number };

type Deserialize = (bytes: Buffer) => DecodedVoiceRequest;

/** Where the last varint() ended (module state: no [value, next] pair allocated per field, four per frame). */
let varintEnd = 0;

/** Reads a varint of at most 7 bytes (< 2^49) and sets varintEnd; -1 if longer or truncated (the slow path decides). */
function varint(buf: Buffer, at: number, end: number): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 7 && at < end; i++) {
    const b = buf[at++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) {
      varintEnd = at;
      return value;
    }
    scale *= 128;
  }
  varintEnd = at;
  return -1;
}

/** send_time (google.protobuf.Timestamp) in epoch ms, or undefined when it needs the slow path. */
function timestampMs(buf: Buffer, at: number, end: number): number | undefined {
  let seconds = 0;
  let nanos = 0;
  while (at < end) {
    const tag = buf[at++]!;
    if (tag === 0x08 || tag === 0x10) {
      const v = varint(buf, at, end);
      if (v < 0 || varintEnd > end) return undefined;
      if (tag === 0x08) seconds = v;
      else nanos = v;
      at = varintEnd;
    } else return undefined;
  }
  if (nanos > 999_999_999) return undefined;
  return seconds * 1000 + Math.floor(nanos / 1e6);
}

function fastAudio(buf: Buffer): ReceivedVoiceRequest | undefined {
  let at = 0;
  let audio: Buffer | undefined;
  let sendTimeMs: number | undefined;
  let sawTime = false;
  const end = buf.length;
  while (at < end) {
    const tag = buf[at++]!;
    if (tag !== 0x12 && tag !== 0x22) return undefined;
    const length = varint(buf, at, end);
    const start = varintEnd;
    if (length < 0 || start + length > end) return undefined;
    if (tag === 0x12) {
      if (audio) return undefined;
      audio = buf.subarray(start, start + length);
    } else {
      if (sawTime) return undefined;
      sawTime = true;
      sendTimeMs = timestampMs(buf, start, start + length);
      if (sendTimeMs === undefined) return undefined;
    }
    at = start + length;
  }
  if (!audio) return undefined;
  return { streaming_request: "audio_content", audio_content: audio, sendTimeMs };
}

/** The schema's service definition with the fast audio decoder in front of its own. */
export function receiverServiceDefinition(): grpc.ServiceDefinition {
  const service = loadVoiceProto().service;
  const method = service.StreamingVoice!;
  const slow = method.requestDeserialize as Deserialize;
  const requestDeserialize = (bytes: Buffer): ReceivedVoiceRequest => fastAudio(bytes) ?? slow(bytes);
  return { ...service, StreamingVoice: { ...method, requestDeserialize } };
}

/** For tests: decode one request as the receiver does. */
export const decodeForReceiver = (bytes: Buffer): ReceivedVoiceRequest => receiverServiceDefinition().StreamingVoice!.requestDeserialize(bytes) as ReceivedVoiceRequest;
