// Audio as Five9 sends it: LINEAR16 8 kHz mono, 16-bit little-endian, placed
// by send_time (the instant of the chunk's first sample). Paced playback runs
// against absolute deadlines so a slow tick never drifts the stream; burst
// playback writes as fast as the receiver's flow control lets it.
import type { Leg } from "./leg";

export const SAMPLE_RATE = 8000;
export const BYTES_PER_MS = (SAMPLE_RATE / 1000) * 2;
export const FRAME_MS = 20;

/** A tone at `hz`, samples [from, from + count) of the leg's audio. */
export function tone(fromSample: number, count: number, hz = 440): Buffer {
  const out = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) out.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * hz * (fromSample + i)) / SAMPLE_RATE)), i * 2);
  return out;
}

/** The audio of [fromMs, toMs) of a call. */
export function audioBetween(fromMs: number, toMs: number, hz?: number): Buffer {
  return tone((fromMs * SAMPLE_RATE) / 1000, ((toMs - fromMs) * SAMPLE_RATE) / 1000, hz);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export interface PacedPlayback {
  /** Call offset (ms) of the first frame. */
  fromMs: number;
  toMs: number;
  /** Epoch ms of call offset 0: send_time = callStart + offset × clockRate. */
  callStartEpochMs: number;
  /** The sender's clock against real time (1.002 = 0.2 % fast): drift between legs. */
  clockRate?: number;
  hz?: number;
}

export interface PacingStats {
  frames: number;
  /** How late our own writes were against their deadlines (ms). */
  p99LateMs: number;
  maxLateMs: number;
}

/** 20 ms frames at real time, each written when its last sample is due. */
export async function playPaced(leg: Leg, p: PacedPlayback): Promise<PacingStats> {
  const start = performance.now();
  const late: number[] = [];
  const rate = p.clockRate ?? 1;
  for (let offset = p.fromMs; offset < p.toMs && !leg.current?.ended; offset += FRAME_MS) {
    const due = start + (offset - p.fromMs + FRAME_MS);
    await sleep(due - performance.now());
    late.push(performance.now() - due);
    leg.sendAudio(audioBetween(offset, offset + FRAME_MS, p.hz), Math.round(p.callStartEpochMs + offset * rate));
  }
  late.sort((a, b) => a - b);
  return { frames: late.length, p99LateMs: late[Math.floor(late.length * 0.99)] ?? 0, maxLateMs: late[late.length - 1] ?? 0 };
}

export interface BurstPlayback {
  fromMs: number;
  toMs: number;
  callStartEpochMs: number;
  /** Chunk sizes in bytes, used in turn (odd sizes split a sample across chunks). */
  chunkBytes: number[];
  /** How long to wait for START again after a PAUSE. */
  resumeTimeoutMs: number;
}

/** The whole span as fast as flow control allows, honouring PAUSE. Returns bytes written. */
export async function playBurst(leg: Leg, b: BurstPlayback): Promise<number> {
  const pcm = audioBetween(b.fromMs, b.toMs);
  let pos = 0;
  let turn = 0;
  while (pos < pcm.length && !leg.current?.ended && !leg.disconnected) {
    if (leg.paused && !(await leg.until(() => !leg.paused, b.resumeTimeoutMs))) break;
    const size = Math.min(b.chunkBytes[turn++ % b.chunkBytes.length]!, pcm.length - pos);
    const sendTime = b.callStartEpochMs + b.fromMs + Math.floor(pos / BYTES_PER_MS);
    const more = leg.sendAudio(pcm.subarray(pos, pos + size), sendTime);
    pos += size;
    if (!more) await leg.drained();
  }
  return pos;
}

export { sleep };
