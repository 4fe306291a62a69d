// A leg's audio rebuilt from its segment blobs on the leg's send_time
// timeline (each segment's blob starts at its `offsetBytes`): gaps and holds
// are silence, so legs stay aligned. Finalisation (finalise-call.ts) and gap
// repair (lib/live-audio) both build from this, and write their WAVs with
// `pcmWav`.
import { createHash } from "node:crypto";
import { buffer } from "node:stream/consumers";
import type { Prisma } from "@prisma/client";
import { pcm16WavHeader } from "../../proto/wav-header";
import { BlobNotFoundError, type BlobStore } from "../blob/blob-store";
import { logger } from "../log";
import { BYTES_PER_MS, SAMPLE_RATE_HZ } from "./leg-timeline";

/** A leg segment's stored columns, as finalisation and gap repair read them. */
export interface SegmentRow {
  segment: number;
  blobKey: string;
  firstAudioAt: Date | null;
  offsetBytes: bigint;
  endBytes: bigint;
  bytes: bigint;
  gaps: Prisma.JsonValue;
}

export interface LegPcm {
  /** Epoch ms of the leg timeline's 0 (its first audio). */
  originMs: number;
  /** LINEAR16 little-endian, whole samples. A missing segment blob is silence. */
  pcm: Buffer;
}

export async function assembleLegPcm(store: BlobStore, segments: readonly SegmentRow[]): Promise<LegPcm | undefined> {
  const withAudio = segments.filter((s) => s.firstAudioAt && s.bytes > 0n);
  if (withAudio.length === 0) return undefined;
  const originMs = Math.min(...withAudio.map((s) => s.firstAudioAt!.getTime() - Number(s.offsetBytes) / BYTES_PER_MS));
  const length = Math.max(...withAudio.map((s) => Number(s.endBytes))) & ~1;
  const pcm = Buffer.alloc(length);
  for (const s of withAudio) {
    try {
      const blob = await buffer(await store.get(s.blobKey));
      blob.copy(pcm, Number(s.offsetBytes), 0, Math.max(0, Math.min(blob.length, length - Number(s.offsetBytes))));
    } catch (error) {
      if (!(error instanceof BlobNotFoundError)) throw error;
      logger("live-audio").warn({ blobKey: s.blobKey }, "segment blob missing; its audio is silence");
    }
  }
  return { originMs, pcm };
}

/** Two mono PCM buffers as one stereo buffer (left, right), each starting at its own byte offset of the mono timeline. */
export function interleaveStereo(left: Buffer, leftOffset: number, right: Buffer, rightOffset: number): Buffer {
  const length = Math.max(leftOffset + left.length, rightOffset + right.length);
  const out = Buffer.alloc(length * 2);
  for (let i = 0; i + 1 < left.length; i += 2) out.writeInt16LE(left.readInt16LE(i), (leftOffset + i) * 2);
  for (let i = 0; i + 1 < right.length; i += 2) out.writeInt16LE(right.readInt16LE(i), (rightOffset + i) * 2 + 2);
  return out;
}

export interface PcmWav {
  bytes: Buffer;
  sha256: string;
  durationMs: number;
}

/** PCM 16-bit at 8 kHz as a WAV file, with its sha256 and duration. */
export function pcmWav(pcm: Buffer, channels: number): PcmWav {
  const bytes = Buffer.concat([pcm16WavHeader(pcm.length, channels, SAMPLE_RATE_HZ), pcm]);
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex"), durationMs: Math.round(pcm.length / channels / BYTES_PER_MS) };
}
