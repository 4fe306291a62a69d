// Recordings as WAV (RIFF, PCM 16-bit, 8 kHz), streamed: the header is
// computed from the call's length and the samples are rendered chunk by chunk
// for exactly the byte range asked for. A whole file is never held in memory.
import { pcm16WavHeader, WAV_HEADER_BYTES } from "../../proto/wav-header";
import { renderLegPcm } from "./audio";
import { SAMPLE_RATE_HZ, type SimCall } from "./types";

const HEADER_BYTES = WAV_HEADER_BYTES;
const CHUNK_FRAMES = 8000;

export function wavChannels(call: SimCall): number {
  return call.recordingChannels === "per-leg" ? 2 : 1;
}

export function wavByteLength(call: SimCall): number {
  return HEADER_BYTES + call.durationSec * SAMPLE_RATE_HZ * 2 * wavChannels(call);
}

export function wavHeader(call: SimCall): Buffer {
  const channels = wavChannels(call);
  return pcm16WavHeader(call.durationSec * SAMPLE_RATE_HZ * 2 * channels, channels, SAMPLE_RATE_HZ);
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
