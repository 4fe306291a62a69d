// A leg's audio as samples, rebuilt from its segment blobs by the assembly
// finalisation uses (lib/realtime/leg-assembly.ts): gaps and holds are silence. Repair starts from this every time (never from a WAV
// it wrote before), so running it twice gives the same bytes.
import type { BlobStore } from "../blob/blob-store";
import { assembleLegPcm, type SegmentRow as AssemblySegmentRow } from "../realtime/leg-assembly";
import { isEdgeGap, parseGaps, type StoredGap } from "./gaps";

export interface SegmentRow extends AssemblySegmentRow {
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
  const built = await assembleLegPcm(store, rows);
  if (!built) return undefined;
  const { originMs, pcm } = built;
  const samples = new Int16Array(pcm.length / 2);
  for (let i = 0; i < samples.length; i++) samples[i] = pcm.readInt16LE(i * 2);
  // Edge gaps are repair's own findings: recomputed on every run.
  const segments = [...rows].sort((a, b) => a.segment - b.segment).map((row) => ({ row, gaps: parseGaps(row.gaps).filter((g) => !isEdgeGap(g)) }));
  return { leg, originMs, samples, segments };
}
