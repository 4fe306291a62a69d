// Recordings as WAV (RIFF, PCM 16-bit, 8 kHz), streamed: the header is
// computed from the call's length and the samples are rendered chunk by chunk
// for exactly the byte range asked for. A whole file is never held in memory.
import { renderLegPcm } from "./audio";
import { SAMPLE_RATE_HZ, type SimCall } from "./types";

const HEADER_BYTES = 44;
const CHUNK_FRAMES = 8000;

export function wavChannels(call: SimCall): number {
  return call.recordingChannels === "per-leg" ? 2 : 1;
}

export function wavByteLength(call: SimCall): number {
  return HEADER_BYTES + call.durationSec * SAMPLE_RATE_HZ * 2 * wavChannels(call);
}

export function wavHeader(call: SimCall): Buffer {
  const channels = wavChannels(call);
  const dataBytes = call.durationSec * SAMPLE_RATE_HZ * 2 * channels;
  const h = Buffer.alloc(HEADER_BYTES);
  h.write("RIFF", 0, "ascii");
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write("WAVE", 8, "ascii");
  h.write("fmt ", 12, "ascii");
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(SAMPLE_RATE_HZ, 24);
  h.writeUInt32LE(SAMPLE_RATE_HZ * 2 * channels, 28);
  h.writeUInt16LE(2 * channels, 32);
  h.writeUInt16LE(16, 34);
  h.write("data", 36, "ascii");
  h.writeUInt32LE(dataBytes, 40);
  return h;
}

/** PCM frames [fromFrame, fromFrame+frames) as interleaved little-endian bytes (agent left, customer right; or a mono mix). */
function pcmFrames(call: SimCall, fromFrame: number, frames: number): Buffer {
  const agent = renderLegPcm(call, "AGENT", fromFrame, frames);
  const customer = renderLegPcm(call, "CUSTOMER", fromFrame, frames);
  if (wavChannels(call) === 2) {
    const out = Buffer.alloc(frames * 4);
    for (let i = 0; i < frames; i++) {
      out.writeInt16LE(agent[i]!, i * 4);
      out.writeInt16LE(customer[i]!, i * 4 + 2);
    }
    return out;
  }
  const out = Buffer.alloc(frames * 2);
  for (let i = 0; i < frames; i++) out.writeInt16LE(Math.max(-32768, Math.min(32767, agent[i]! + customer[i]!)), i * 2);
  return out;
}

/** The bytes [start, endInclusive] of the call's WAV file, in chunks. */
export function* wavRange(call: SimCall, start = 0, endInclusive = wavByteLength(call) - 1): Generator<Buffer> {
  const end = Math.min(endInclusive, wavByteLength(call) - 1);
  if (start > end) return;
  if (start < HEADER_BYTES) {
    yield wavHeader(call).subarray(start, Math.min(HEADER_BYTES, end + 1));
    start = HEADER_BYTES;
  }
  const frameBytes = 2 * wavChannels(call);
  let offset = start - HEADER_BYTES;
  const last = end - HEADER_BYTES;
  while (offset <= last) {
    const frame = Math.floor(offset / frameBytes);
    const frames = Math.min(CHUNK_FRAMES, Math.floor(last / frameBytes) - frame + 1);
    const bytes = pcmFrames(call, frame, frames);
    const sliceStart = offset - frame * frameBytes;
    const sliceEnd = Math.min(bytes.length, last - frame * frameBytes + 1);
    yield bytes.subarray(sliceStart, sliceEnd);
    offset = frame * frameBytes + sliceEnd;
  }
}
