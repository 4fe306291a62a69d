// After a call: one WAV per leg and a two-channel conversation WAV (agent
// left, customer right), all built from the legs' segment blobs placed on
// their send_time timelines — gaps and holds are silence, so the legs stay
// aligned. Each file gets a sha256 and a LiveAudio row (upserted on
// (callId, leg), so finalising again after a late segment replaces it).
// Replicas may race to finalise one call: a transaction-scoped advisory lock
// lets one do it.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import type { Prisma } from "@prisma/client";
import { db } from "../db";
import { BlobNotFoundError, liveAudioBlobKey, type BlobStore } from "../blob/blob-store";
import { logger } from "../log";
import { queueLiveAudioRepair } from "../live-audio/queue-repair";
import { BYTES_PER_MS, SAMPLE_RATE_HZ, type Gap } from "./leg-timeline";
import { TERMINAL_END } from "./leg-progress";

export interface FinalisedAudio {
  leg: string;
  blobKey: string;
  sha256: string;
  bytes: number;
  durationMs: number;
  gapMs: number;
}

/** A leg segment's stored columns, as finalisation (and gap repair) reads them. */
export interface SegmentRow {
  segment: number;
  blobKey: string;
  firstAudioAt: Date | null;
  offsetBytes: bigint;
  endBytes: bigint;
  bytes: bigint;
  gaps: Prisma.JsonValue;
  endStatus: string | null;
  endedAt: Date | null;
}

export function wavHeader(dataBytes: number, channels: number): Buffer {
  const h = Buffer.alloc(44);
  h.write("RIFF", 0, "ascii");
  h.writeUInt32LE(36 + dataBytes, 4);
  h.write("WAVEfmt ", 8, "ascii");
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

/** Whether every leg of the call has ended for good (and none is still open). */
export async function callIsOver(callId: string): Promise<boolean> {
  const rows = await db().streamSession.findMany({ where: { callId }, select: { leg: true, segment: true, endStatus: true, endedAt: true }, orderBy: { segment: "asc" } });
  if (rows.length === 0 || rows.some((r) => !r.endedAt)) return false;
  const last = new Map<string, string>();
  for (const r of rows) last.set(r.leg, r.endStatus ?? "");
  return [...last.values()].every(TERMINAL_END);
}

async function legPcm(store: BlobStore, segments: SegmentRow[]): Promise<{ originMs: number; pcm: Buffer; gapMs: number } | undefined> {
  const withAudio = segments.filter((s) => s.firstAudioAt && s.bytes > 0n);
  if (withAudio.length === 0) return undefined;
  const originMs = Math.min(...withAudio.map((s) => s.firstAudioAt!.getTime() - Number(s.offsetBytes) / BYTES_PER_MS));
  const length = Math.max(...withAudio.map((s) => Number(s.endBytes)));
  const pcm = Buffer.alloc(length);
  for (const s of withAudio) {
    try {
      const blob = await buffer(await store.get(s.blobKey));
      blob.copy(pcm, Number(s.offsetBytes), 0, Math.min(blob.length, length - Number(s.offsetBytes)));
    } catch (error) {
      if (!(error instanceof BlobNotFoundError)) throw error;
      logger("finalise").warn({ blobKey: s.blobKey }, "segment blob missing; its audio is silence");
    }
  }
  const gapMs = segments.flatMap((s) => (Array.isArray(s.gaps) ? (s.gaps as unknown as Gap[]) : [])).reduce((sum, g) => sum + Math.max(0, g.toMs - g.fromMs), 0);
  return { originMs, pcm, gapMs: Math.round(gapMs) };
}

function interleave(left: Buffer, leftOffset: number, right: Buffer, rightOffset: number): Buffer {
  const length = Math.max(leftOffset + left.length, rightOffset + right.length);
  const out = Buffer.alloc(length * 2);
  for (let i = 0; i < left.length; i += 2) out.writeInt16LE(left.readInt16LE(i), (leftOffset + i) * 2);
  for (let i = 0; i < right.length; i += 2) out.writeInt16LE(right.readInt16LE(i), (rightOffset + i) * 2 + 2);
  return out;
}

async function store_(store: BlobStore, tenantId: string, callId: string, leg: string, pcm: Buffer, channels: number, gapMs: number, tx: Prisma.TransactionClient): Promise<FinalisedAudio> {
  const wav = Buffer.concat([wavHeader(pcm.length, channels), pcm]);
  const sha256 = createHash("sha256").update(wav).digest("hex");
  const blobKey = liveAudioBlobKey(tenantId, callId, leg);
  await store.put(blobKey, Readable.from([wav]), { contentType: "audio/wav" });
  const durationMs = Math.round(pcm.length / channels / BYTES_PER_MS);
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
      const byLeg = new Map<string, SegmentRow[]>();
      for (const r of rows) byLeg.set(r.leg, [...(byLeg.get(r.leg) ?? []), r]);
      const legs = new Map<string, { originMs: number; pcm: Buffer; gapMs: number }>();
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
        const origin = Math.min(agent?.originMs ?? Infinity, customer?.originMs ?? Infinity);
        const offset = (leg: { originMs: number } | undefined) => (leg ? Math.round((leg.originMs - origin) * BYTES_PER_MS) & ~1 : 0);
        const stereo = interleave(agent?.pcm ?? Buffer.alloc(0), offset(agent), customer?.pcm ?? Buffer.alloc(0), offset(customer));
        out.push(await store_(store, call.tenantId, callId, "conversation", stereo, 2, (agent?.gapMs ?? 0) + (customer?.gapMs ?? 0), tx));
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
