// After a call: one WAV per leg and a two-channel conversation WAV (agent
// left, customer right), all built from the legs' segment blobs placed on
// their send_time timelines — gaps and holds are silence, so the legs stay
// aligned. Each file gets a sha256 and a LiveAudio row (upserted on
// (callId, leg), so finalising again after a late segment replaces it).
// Replicas may race to finalise one call: a transaction-scoped advisory lock
// lets one do it.
import { Readable } from "node:stream";
import type { Prisma } from "@prisma/client";
import { db } from "../db";
import { liveAudioBlobKey, type BlobStore } from "../blob/blob-store";
import { queueLiveAudioRepair } from "../live-audio/queue-repair";
import { assembleLegPcm, interleaveStereo, pcmWav, type LegPcm, type SegmentRow } from "./leg-assembly";
import { BYTES_PER_MS, type Gap } from "./leg-timeline";
import { TERMINAL_END } from "./leg-progress";

export interface FinalisedAudio {
  leg: string;
  blobKey: string;
  sha256: string;
  bytes: number;
  durationMs: number;
  gapMs: number;
}

/** A segment as finalisation reads it: the assembly's columns and how it ended. */
interface FinaliseSegment extends SegmentRow {
  endStatus: string | null;
  endedAt: Date | null;
}

/** Whether every leg of the call has ended for good (and none is still open). */
export async function callIsOver(callId: string): Promise<boolean> {
  const rows = await db().streamSession.findMany({ where: { callId }, select: { leg: true, segment: true, endStatus: true, endedAt: true }, orderBy: { segment: "asc" } });
  if (rows.length === 0 || rows.some((r) => !r.endedAt)) return false;
  const last = new Map<string, string>();
  for (const r of rows) last.set(r.leg, r.endStatus ?? "");
  return [...last.values()].every(TERMINAL_END);
}

async function legPcm(store: BlobStore, segments: FinaliseSegment[]): Promise<(LegPcm & { gapMs: number }) | undefined> {
  const built = await assembleLegPcm(store, segments);
  if (!built) return undefined;
  const gapMs = segments.flatMap((s) => (Array.isArray(s.gaps) ? (s.gaps as unknown as Gap[]) : [])).reduce((sum, g) => sum + Math.max(0, g.toMs - g.fromMs), 0);
  return { ...built, gapMs: Math.round(gapMs) };
}

/** Agent left, customer right, aligned on their legs' timelines. */
function conversationPcm(agent: LegPcm | undefined, customer: LegPcm | undefined): Buffer {
  const origin = Math.min(agent?.originMs ?? Infinity, customer?.originMs ?? Infinity);
  const offset = (leg: LegPcm | undefined) => (leg ? Math.round((leg.originMs - origin) * BYTES_PER_MS) & ~1 : 0);
  return interleaveStereo(agent?.pcm ?? Buffer.alloc(0), offset(agent), customer?.pcm ?? Buffer.alloc(0), offset(customer));
}

async function store_(store: BlobStore, tenantId: string, callId: string, leg: string, pcm: Buffer, channels: number, gapMs: number, tx: Prisma.TransactionClient): Promise<FinalisedAudio> {
  const { bytes: wav, sha256, durationMs } = pcmWav(pcm, channels);
  const blobKey = liveAudioBlobKey(tenantId, callId, leg);
  await store.put(blobKey, Readable.from([wav]), { contentType: "audio/wav" });
  const data = { tenantId, blobKey, sha256, bytes: BigInt(wav.length), durationMs, gapMs, storedAt: new Date() };
  await tx.liveAudio.upsert({ where: { callId_leg: { callId, leg } }, create: { callId, leg, ...data }, update: data });
  return { leg, blobKey, sha256, bytes: wav.length, durationMs, gapMs };
}

/** Builds and stores the call's WAVs; undefined when another replica holds the call or there is no audio. */
export async function finaliseCall(store: BlobStore, callId: string): Promise<FinalisedAudio[] | undefined> {
  return db().$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext('live-finalise'), hashtext(${callId})) AS locked`;
      if (!lock?.locked) return undefined;
      const call = await tx.call.findUnique({ where: { id: callId }, select: { tenantId: true } });
      if (!call) return undefined;
      const rows = await tx.streamSession.findMany({ where: { callId }, orderBy: [{ leg: "asc" }, { segment: "asc" }] });
      const byLeg = new Map<string, FinaliseSegment[]>();
      for (const r of rows) byLeg.set(r.leg, [...(byLeg.get(r.leg) ?? []), r]);
      const legs = new Map<string, LegPcm & { gapMs: number }>();
      for (const [leg, segments] of byLeg) {
        const built = await legPcm(store, segments);
        if (built) legs.set(leg, built);
      }
      if (legs.size === 0) return undefined;
      const out: FinalisedAudio[] = [];
      for (const [leg, built] of legs) out.push(await store_(store, call.tenantId, callId, leg, built.pcm, 1, built.gapMs, tx));
      const agent = legs.get("agent");
      const customer = legs.get("customer");
      if (agent || customer) {
        out.push(await store_(store, call.tenantId, callId, "conversation", conversationPcm(agent, customer), 2, (agent?.gapMs ?? 0) + (customer?.gapMs ?? 0), tx));
      }
      return out;
    },
    { timeout: 120_000, maxWait: 10_000 },
  ).then(async (out) => { if (out) await queueLiveAudioRepair(callId); return out; }); // gap repair, if the recording is already there (lib/live-audio)
}

/**
 * Calls to finalise now: every segment ended, the last end longer ago than
 * `afterMs` (a leg that was cut may still reconnect), and no WAV newer than
 * the last segment. Segments a dead replica left open (no progress for
 * `staleMs`) are closed first as "receiver_lost".
 */
export async function callsDueForFinalise(afterMs: number, staleMs: number, now = new Date()): Promise<string[]> {
  await db().streamSession.updateMany({ where: { endedAt: null, updatedAt: { lt: new Date(now.getTime() - staleMs) } }, data: { endStatus: "receiver_lost", endedAt: now } });
  const rows = await db().$queryRaw<{ callId: string }[]>`
    SELECT s."callId" FROM "StreamSession" s
    GROUP BY s."callId"
    HAVING bool_and(s."endedAt" IS NOT NULL) AND sum(s.bytes) > 0 AND max(s."endedAt") < ${new Date(now.getTime() - afterMs)}
       AND NOT EXISTS (SELECT 1 FROM "LiveAudio" a WHERE a."callId" = s."callId" AND a."storedAt" >= max(s."endedAt"))
    LIMIT 100`;
  return rows.map((r) => r.callId);
}
