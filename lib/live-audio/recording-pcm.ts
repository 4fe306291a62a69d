// A call recording's samples, for gap repair: the WAV's fmt and data chunks
// found by walking the RIFF chunks (LIST/bext chunks before data are skipped),
// PCM 16-bit only. A two-channel recording is Five9's per-leg layout (agent
// left, customer right); a mono one is the mix of every party.
import { SAMPLE_RATE_HZ } from "../realtime/leg-timeline";

export interface RecordingPcm {
  channels: number;
  /** Samples per channel. */
  frames: number;
  durationMs: number;
  /** One channel's samples as 16-bit little-endian PCM: agent/customer of a per-leg file, else the mono mix. */
  channelFor(leg: string): Int16Array;
}

export class UnusableRecording extends Error {}

export function readRecordingPcm(wav: Buffer): RecordingPcm {
  if (wav.length < 12 || wav.toString("ascii", 0, 4) !== "RIFF" || wav.toString("ascii", 8, 12) !== "WAVE") throw new UnusableRecording("not a RIFF/WAVE file");
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  let data: { start: number; bytes: number } | undefined;
  for (let at = 12; at + 8 <= wav.length; ) {
    const id = wav.toString("ascii", at, at + 4);
    const size = wav.readUInt32LE(at + 4);
    if (id === "fmt " && at + 24 <= wav.length) fmt = { format: wav.readUInt16LE(at + 8), channels: wav.readUInt16LE(at + 10), rate: wav.readUInt32LE(at + 12), bits: wav.readUInt16LE(at + 22) };
    if (id === "data") {
      // A truncated file (or a streaming writer's 0/0xFFFFFFFF size) holds what is there.
      data = { start: at + 8, bytes: Math.min(size, wav.length - at - 8) };
      break;
    }
    at += 8 + size + (size % 2);
  }
  if (!fmt || !data) throw new UnusableRecording("the WAV has no fmt or data chunk");
  if ((fmt.format !== 1 && fmt.format !== 0xfffe) || fmt.bits !== 16) throw new UnusableRecording(`only 16-bit PCM recordings can repair live audio (this one: format ${fmt.format}, ${fmt.bits} bit)`);
  if (fmt.rate !== SAMPLE_RATE_HZ) throw new UnusableRecording(`only 8000 Hz recordings can repair live audio (this one: ${fmt.rate} Hz)`);
  if (fmt.channels < 1) throw new UnusableRecording("the WAV has no channels");
  const channels = fmt.channels;
  const frames = Math.floor(data.bytes / (2 * channels));
  const start = data.start;
  const cache = new Map<number, Int16Array>();
  const channel = (c: number | "mix"): Int16Array => {
    const key = c === "mix" ? -1 : c;
    const hit = cache.get(key);
    if (hit) return hit;
    const out = new Int16Array(frames);
    for (let i = 0; i < frames; i++) {
      const base = start + i * 2 * channels;
      if (c !== "mix") out[i] = wav.readInt16LE(base + 2 * c);
      else {
        let sum = 0;
        for (let k = 0; k < channels; k++) sum += wav.readInt16LE(base + 2 * k);
        out[i] = Math.max(-32768, Math.min(32767, sum));
      }
    }
    cache.set(key, out);
    return out;
  };
  return {
    channels,
    frames,
    durationMs: (frames * 1000) / SAMPLE_RATE_HZ,
    channelFor(leg) {
      if (channels === 1) return channel(0);
      if (channels === 2 && leg === "agent") return channel(0);
      if (channels === 2 && leg === "customer") return channel(1);
      return channel("mix");
    },
  };
}
