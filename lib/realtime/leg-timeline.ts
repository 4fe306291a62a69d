// Where each chunk of a leg's audio goes. There are no sequence numbers on the
// wire: `send_time` (the instant of a chunk's first sample) places it on the
// leg's timeline, which starts at the leg's first audio (16 bytes = 1 ms of
// LINEAR16 at 8 kHz). A chunk further ahead than the byte position by more
// than GAP_TOLERANCE_MS opens a gap (the hole reads as silence, so legs stay
// aligned); a chunk starting before the position overlaps audio already
// stored — after a reconnect, or a repeat — and its covered part is trimmed,
// so nothing is stored twice. Chunks without send_time follow on.

export const BYTES_PER_MS = 16;
export const SAMPLE_RATE_HZ = 8000;
export const GAP_TOLERANCE_MS = 40;

export type GapReason = "jump" | "paused" | "reconnect" | "overrun";

export interface Gap {
  fromMs: number;
  toMs: number;
  reason: GapReason;
  repaired?: boolean;
}

export interface Placement {
  /** Bytes to store (the chunk less any overlap); empty = all of it was already stored. */
  data: Buffer;
  /** Leg-timeline byte position of data[0]. */
  positionBytes: number;
  /** send_time-derived instant of data[0] (epoch ms). */
  atMs: number;
  gap?: Gap;
  trimmedBytes: number;
}

export class LegTimeline {
  /** Epoch ms of the leg's first audio; undefined until known. */
  originMs: number | undefined;
  /** Leg-timeline byte position of the next byte (everything before is covered). */
  positionBytes: number;

  constructor(state: { originMs?: number; positionBytes?: number } = {}) {
    this.originMs = state.originMs;
    this.positionBytes = state.positionBytes ?? 0;
  }

  /**
   * Places a chunk. `sendTimeMs` is its send_time (undefined = follows on),
   * `arrivedMs` the wall time (the origin when the leg's first chunk has no
   * send_time), `reason` what a gap would be called now.
   */
  place(chunk: Buffer, sendTimeMs: number | undefined, arrivedMs: number, reason: GapReason): Placement {
    // 16-bit samples: an odd trailing byte cannot be placed.
    const audio = chunk.length % 2 === 0 ? chunk : chunk.subarray(0, chunk.length - 1);
    this.originMs ??= sendTimeMs ?? arrivedMs;
    const expected = sendTimeMs === undefined ? this.positionBytes : evenBytes((sendTimeMs - this.originMs) * BYTES_PER_MS);
    let gap: Gap | undefined;
    let skip = 0;
    if (expected > this.positionBytes + GAP_TOLERANCE_MS * BYTES_PER_MS) {
      gap = { fromMs: this.positionBytes / BYTES_PER_MS, toMs: expected / BYTES_PER_MS, reason };
      this.positionBytes = expected;
    } else if (expected < this.positionBytes) {
      skip = Math.min(audio.length, this.positionBytes - expected);
    }
    const data = skip ? audio.subarray(skip) : audio;
    const positionBytes = this.positionBytes;
    this.positionBytes += data.length;
    return { data, positionBytes, atMs: this.originMs + positionBytes / BYTES_PER_MS, gap, trimmedBytes: skip };
  }
}

function evenBytes(bytes: number): number {
  const whole = Math.round(bytes);
  return whole - (whole % 2);
}

/** RMS of 16-bit little-endian PCM, 0–1, and a display level 0–1 (dBFS mapped from -60..0). */
export function pcmLevel(pcm: Buffer): { rms: number; level: number } {
  const samples = pcm.length >> 1;
  if (samples === 0) return { rms: 0, level: 0 };
  let sum = 0;
  // Byte reads: any alignment (the PCM is a view of the received message, usually at an odd offset), any host
  // endianness, no typed-array view per call — faster than either.
  for (let j = 0, end = samples * 2; j < end; j += 2) {
    const v = ((pcm[j]! | (pcm[j + 1]! << 8)) << 16) >> 16;
    sum += v * v;
  }
  const rms = Math.sqrt(sum / samples) / 32768;
  const db = rms > 0 ? 20 * Math.log10(rms) : -Infinity;
  const level = Math.max(0, Math.min(1, (db + 60) / 60));
  return { rms: round3(rms), level: round3(level) };
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
