// Gap repair: a call's live audio has holes (a jump in send_time, a pause we
// asked for, a reconnect, a missed start, a cut that never came back); its
// recording — which Five9 makes of the whole call — has those moments. Each
// leg is rebuilt from its segments, placed in the recording (align.ts), and
// every gap is filled with the recording's samples of the same moments; the
// leg WAVs and the conversation WAV are written under new content-addressed
// keys and switched, with the gaps marked, in one transaction. Gaps the
// recording does not cover stay unrepaired. Rebuilt from the segments each
// time, so a second run changes nothing.
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import type { Prisma } from "@prisma/client";
import { pickRecording } from "../bridge/source-precedence";
import { assertBlobKey, BlobNotFoundError, tenantBlobPrefix, type BlobStore } from "../blob/blob-store";
import { db } from "../db";
import { logger } from "../log";
import { interleaveStereo, pcmWav, type PcmWav } from "../realtime/leg-assembly";
import { SAMPLE_RATE_HZ } from "../realtime/leg-timeline";
import { alignLeg, type Alignment } from "./align";
import { gapLength, parseGaps, type StoredGap } from "./gaps";
import { legAudio, type LegAudio } from "./leg-audio";
import { readRecordingPcm, UnusableRecording, type RecordingPcm } from "./recording-pcm";

const SAMPLES_PER_MS = SAMPLE_RATE_HZ / 1000;
/** The call's start or end missed by a leg counts as a gap beyond this (a stream's usual start-up time is less). */
export const EDGE_TOLERANCE_MS = 1000;
/** Longest recording repair reads (it holds it in memory): about 2 hours of two-channel audio. */
const MAX_RECORDING_BYTES = 256 * 1024 * 1024;

export type RepairOutcome = "repaired" | "unchanged" | "no_live_audio" | "no_recording" | "unusable_recording" | "in_progress";

export interface LegRepair {
  leg: string;
  gapMs: number;
  repairedMs: number;
  alignedBy: Alignment["by"];
}

export interface RepairResult {
  outcome: RepairOutcome;
  reason?: string;
  legs: LegRepair[];
}

interface RepairedLeg {
  leg: LegAudio;
  /** Leg-timeline sample where the repaired WAV starts (< 0 after a missed start). */
  startSample: number;
  samples: Int16Array;
  gapsBySegment: Map<string, StoredGap[]>;
  gapMs: number;
  repairedMs: number;
  alignedBy: Alignment["by"];
}

function fill(out: Int16Array, startSample: number, gap: StoredGap, rec: Int16Array, offset: number): StoredGap {
  const from = Math.round(gap.fromMs * SAMPLES_PER_MS);
  const to = Math.round(gap.toMs * SAMPLES_PER_MS);
  let covered = 0;
  for (let s = from; s < to; s++) {
    const r = s + offset;
    const o = s - startSample;
    if (r < 0 || r >= rec.length || o < 0 || o >= out.length) continue;
    out[o] = rec[r]!;
    covered++;
  }
  const base = { fromMs: gap.fromMs, toMs: gap.toMs, reason: gap.reason };
  if (covered === 0) return { ...base, repaired: false };
  return { ...base, repaired: covered >= to - from, repairedFrom: "recording", repairedMs: covered / SAMPLES_PER_MS };
}

function repairLeg(leg: LegAudio, recording: RecordingPcm, callStartedAtMs: number): RepairedLeg {
  const rec = recording.channelFor(leg.leg);
  const holes = leg.segments.flatMap((s) => s.gaps);
  const estimate = Math.round((leg.originMs - callStartedAtMs) * SAMPLES_PER_MS);
  const alignment = alignLeg(leg.samples, holes, rec, estimate);
  const offset = alignment.offsetSamples;
  const legEnd = leg.samples.length;
  const first = leg.segments[0]!;
  const last = leg.segments[leg.segments.length - 1]!;
  const edges = new Map<string, StoredGap[]>();
  const tolerance = EDGE_TOLERANCE_MS * SAMPLES_PER_MS;
  let startSample = 0;
  let endSample = legEnd;
  if (offset > tolerance) {
    startSample = -offset;
    edges.set(first.row.id, [{ fromMs: -offset / SAMPLES_PER_MS, toMs: 0, reason: "missed_start" }]);
  }
  if (rec.length - (offset + legEnd) > tolerance) {
    endSample = rec.length - offset;
    edges.set(last.row.id, [...(edges.get(last.row.id) ?? []), { fromMs: legEnd / SAMPLES_PER_MS, toMs: endSample / SAMPLES_PER_MS, reason: "missed_end" }]);
  }
  const samples = new Int16Array(endSample - startSample);
  samples.set(leg.samples, -startSample);
  const gapsBySegment = new Map<string, StoredGap[]>();
  let gapMs = 0;
  let repairedMs = 0;
  for (const s of leg.segments) {
    const own = [...s.gaps, ...(edges.get(s.row.id) ?? [])];
    const repaired = own.map((g) => fill(samples, startSample, g, rec, offset));
    for (const g of repaired) {
      gapMs += gapLength(g);
      repairedMs += g.repairedMs ?? 0;
    }
    gapsBySegment.set(s.row.id, repaired);
  }
  return { leg, startSample, samples, gapsBySegment, gapMs: Math.round(gapMs), repairedMs: Math.round(repairedMs), alignedBy: alignment.by };
}

/** Gaps as comparable text (jsonb does not keep key order). */
const canonical = (gaps: StoredGap[]) => JSON.stringify(gaps.map((g) => Object.fromEntries(Object.entries(g).sort(([a], [b]) => a.localeCompare(b)))));

function pcmBytes(samples: Int16Array): Buffer {
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i]!, i * 2);
  return out;
}

/** Agent left, customer right, each placed by its WAV's start on the call's clock. */
function conversation(agent: RepairedLeg | undefined, customer: RepairedLeg | undefined): Buffer {
  const startMs = (l: RepairedLeg) => l.leg.originMs + l.startSample / SAMPLES_PER_MS;
  const origin = Math.min(agent ? startMs(agent) : Infinity, customer ? startMs(customer) : Infinity);
  const offsetBytes = (l: RepairedLeg | undefined) => (l ? Math.round((startMs(l) - origin) * SAMPLES_PER_MS) * 2 : 0);
  const pcm = (l: RepairedLeg | undefined) => (l ? pcmBytes(l.samples) : Buffer.alloc(0));
  return interleaveStereo(pcm(agent), offsetBytes(agent), pcm(customer), offsetBytes(customer));
}

interface Wav extends PcmWav {
  leg: string;
  gapMs: number;
  repairedMs: number;
}

const wavOf = (leg: string, pcm: Buffer, channels: number, gapMs: number, repairedMs: number): Wav => ({ leg, ...pcmWav(pcm, channels), gapMs, repairedMs });

/** A repaired WAV's key: content-addressed, so writing it again is harmless and readers of the old key are never cut short. */
export function repairedBlobKey(tenantId: string, callId: string, leg: string, sha256: string): string {
  return assertBlobKey(`${tenantBlobPrefix(tenantId)}live/${callId}/${leg}-repaired-${sha256.slice(0, 16)}.wav`);
}

async function loadRecording(store: BlobStore, recording: { blobKey: string; bytes: bigint }): Promise<RecordingPcm> {
  if (recording.bytes > BigInt(MAX_RECORDING_BYTES)) throw new UnusableRecording(`the recording is larger than ${MAX_RECORDING_BYTES / 1024 / 1024} MiB`);
  try {
    return readRecordingPcm(await buffer(await store.get(recording.blobKey)));
  } catch (error) {
    if (error instanceof BlobNotFoundError) throw new UnusableRecording("the recording's file is missing from the blob store");
    throw error;
  }
}

/** Fills the call's live-audio gaps from its recording (see the file comment). Safe to run any number of times. */
export async function repairCallGaps(store: BlobStore, callId: string): Promise<RepairResult> {
  const log = logger("live-audio.repair").child({ callId });
  const stale: string[] = [];
  const result = await db().$transaction(
    async (tx): Promise<RepairResult> => {
      // The lock finalisation takes: a call is never finalised and repaired at once.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('live-finalise'), hashtext(${callId}))`;
      const call = await tx.call.findUnique({ where: { id: callId }, select: { tenantId: true, startedAt: true, recordings: true, liveAudio: true } });
      if (!call || call.liveAudio.length === 0) return { outcome: "no_live_audio", legs: [] };
      const recording = pickRecording(call.recordings);
      if (!recording) return { outcome: "no_recording", legs: [] };
      const checked = (tx2: Prisma.TransactionClient) => tx2.liveAudio.updateMany({ where: { callId }, data: { repairCheckedAt: new Date() } });
      let pcm: RecordingPcm;
      try {
        pcm = await loadRecording(store, recording);
      } catch (error) {
        if (!(error instanceof UnusableRecording)) throw error;
        await checked(tx);
        return { outcome: "unusable_recording", reason: error.message, legs: [] };
      }
      const rows = await tx.streamSession.findMany({ where: { callId }, orderBy: [{ leg: "asc" }, { segment: "asc" }] });
      // A leg streaming again after finalisation: its gaps are still being written; finalisation queues repair once it ends.
      if (rows.some((r) => !r.endedAt)) return { outcome: "in_progress", legs: [] };
      const repaired = new Map<string, RepairedLeg>();
      for (const leg of new Set(rows.map((r) => r.leg))) {
        const audio = await legAudio(store, leg, rows.filter((r) => r.leg === leg));
        if (audio) repaired.set(leg, repairLeg(audio, pcm, call.startedAt.getTime()));
      }
      const wavs = [...repaired.values()].map((r) => wavOf(r.leg.leg, pcmBytes(r.samples), 1, r.gapMs, r.repairedMs));
      const agent = repaired.get("agent");
      const customer = repaired.get("customer");
      if (agent || customer) wavs.push(wavOf("conversation", conversation(agent, customer), 2, (agent?.gapMs ?? 0) + (customer?.gapMs ?? 0), (agent?.repairedMs ?? 0) + (customer?.repairedMs ?? 0)));
      const legs = [...repaired.values()].map((r) => ({ leg: r.leg.leg, gapMs: r.gapMs, repairedMs: r.repairedMs, alignedBy: r.alignedBy }));
      const current = new Map(call.liveAudio.map((a) => [a.leg, a]));
      const gapsChanged = [...repaired.values()].some((r) => r.leg.segments.some((s) => canonical(parseGaps(s.row.gaps)) !== canonical(r.gapsBySegment.get(s.row.id) ?? [])));
      const filesChanged = wavs.some((w) => current.get(w.leg)?.sha256 !== w.sha256 || current.get(w.leg)?.gapMs !== w.gapMs || current.get(w.leg)?.repairedMs !== w.repairedMs);
      if (!gapsChanged && !filesChanged) {
        await checked(tx);
        return { outcome: "unchanged", legs };
      }
      for (const w of wavs) {
        const now = current.get(w.leg);
        const blobKey = now?.sha256 === w.sha256 ? now.blobKey : repairedBlobKey(call.tenantId, callId, w.leg, w.sha256);
        if (now?.sha256 !== w.sha256) await store.put(blobKey, Readable.from([w.bytes]), { contentType: "audio/wav" });
        const data = { tenantId: call.tenantId, blobKey, sha256: w.sha256, bytes: BigInt(w.bytes.length), durationMs: w.durationMs, gapMs: w.gapMs, repairedMs: w.repairedMs, repairCheckedAt: new Date() };
        await tx.liveAudio.upsert({ where: { callId_leg: { callId, leg: w.leg } }, create: { callId, leg: w.leg, ...data }, update: data });
        if (now && now.blobKey !== blobKey && now.blobKey.includes("-repaired-")) stale.push(now.blobKey);
      }
      for (const r of repaired.values()) {
        for (const s of r.leg.segments) {
          await tx.streamSession.update({ where: { id: s.row.id }, data: { gaps: (r.gapsBySegment.get(s.row.id) ?? []) as unknown as Prisma.InputJsonValue } });
        }
      }
      return { outcome: "repaired", legs };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  // Only once the rows point at the new files: an earlier repair's files nobody reads any more.
  for (const key of stale) await store.delete(key).catch((error: unknown) => log.warn({ err: error, key }, "could not remove a replaced repaired WAV"));
  log.info({ outcome: result.outcome, reason: result.reason, legs: result.legs }, "live audio gap repair");
  return result;
}
