// A leg's audio rebuilt from its segment blobs on the leg's send_time
// timeline, as finalisation builds it (lib/realtime/finalise-call.ts): gaps
// and holds are silence. Repair starts from this every time (never from a WAV
// it wrote before), so running it twice gives the same bytes.
import { buffer } from "node:stream/consumers";
import { BlobNotFoundError, type BlobStore } from "../blob/blob-store";
import type { SegmentRow as FinaliseSegmentRow } from "../realtime/finalise-call";
import { BYTES_PER_MS } from "../realtime/leg-timeline";
import { isEdgeGap, parseGaps, type StoredGap } from "./gaps";

export interface SegmentRow extends Omit<FinaliseSegmentRow, "endStatus" | "endedAt"> {
  id: string;
  leg: string;
}

export interface LegAudio {
  leg: string;
  /** Epoch ms of the leg timeline's 0 (its first audio). */
  originMs: number;
  samples: Int16Array;
  segments: { row: SegmentRow; gaps: StoredGap[] }[];
}

export async function legAudio(store: BlobStore, leg: string, rows: SegmentRow[]): Promise<LegAudio | undefined> {
  const withAudio = rows.filter((s) => s.firstAudioAt && s.bytes > 0n);
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
    }
  }
  const samples = new Int16Array(length / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = pcm.readInt16LE(i * 2);
  // Edge gaps are repair's own findings: recomputed on every run.
  const segments = [...rows].sort((a, b) => a.segment - b.segment).map((row) => ({ row, gaps: parseGaps(row.gaps).filter((g) => !isEdgeGap(g)) }));
  return { leg, originMs, samples, segments };
}
