// The database side of one leg segment: the stream's Call (one row per
// (tenant, Five9 call id), shared with the call log), the StreamSession row
// (segment numbers race-free across replicas: the unique (callId, leg,
// segment) constraint decides, a loser retries with the next number), and
// the leg's coverage so far, which a reconnect continues from.
import { Prisma } from "@prisma/client";
import { db } from "../db";
import { liveSegmentBlobKey } from "../blob/blob-store";
import { BYTES_PER_MS, type Gap } from "./leg-timeline";

export interface StreamCallInput {
  tenantId: string;
  five9CallId: string;
  campaign: string;
  agentUsername: string;
  skill: string;
  startedAt: Date;
}

/**
 * The Call of (tenant, Five9 call id), created from what the config tells if
 * the call log has not delivered it yet. Existing values are never replaced
 * (the call log is the better source); empty ones are filled in.
 */
export async function upsertStreamCall(input: StreamCallInput): Promise<string> {
  const nullIfEmpty = (v: string) => (v ? v : null);
  const rows = await db().$queryRaw<{ id: string }[]>`
    INSERT INTO "Call" ("tenantId", "five9CallId", "startedAt", campaign, "agentUsername", skill, raw, "firstSeenAt", "updatedAt")
    VALUES (${input.tenantId}, ${input.five9CallId}, ${input.startedAt}, ${nullIfEmpty(input.campaign)}, ${nullIfEmpty(input.agentUsername)}, ${nullIfEmpty(input.skill)}, '{}'::jsonb, now(), now())
    ON CONFLICT ("tenantId", "five9CallId") DO UPDATE SET
      campaign = COALESCE("Call".campaign, EXCLUDED.campaign),
      "agentUsername" = COALESCE("Call"."agentUsername", EXCLUDED."agentUsername"),
      skill = COALESCE("Call".skill, EXCLUDED.skill)
    RETURNING id`;
  return rows[0]!.id;
}

const firstAudioQueue: { id: string; at: string; resolve(): void; reject(error: unknown): void }[] = [];
let notingFirstAudio = false;

/**
 * A stream-created Call starts at its first audio (the call log's TIMESTAMP replaces it later).
 * Batched: the first audios of one turn of the event loop (and those that come while a batch is
 * being written) go in ONE statement — 1,000 legs starting together would otherwise be 1,000
 * statements in the same second, a stall of every leg's audio. Resolves once its batch is written.
 */
export function noteCallFirstAudio(callId: string, at: Date): Promise<void> {
  return new Promise((resolve, reject) => {
    firstAudioQueue.push({ id: callId, at: at.toISOString(), resolve, reject });
    if (!notingFirstAudio) void writeFirstAudios();
  });
}

async function writeFirstAudios(): Promise<void> {
  notingFirstAudio = true;
  await new Promise<void>((resolve) => setImmediate(resolve));
  while (firstAudioQueue.length) {
    const batch = firstAudioQueue.splice(0, 1000);
    try {
      // Timestamps are UTC without a zone, as Prisma stores them; the earliest per call wins.
      await db().$executeRaw`
        UPDATE "Call" AS c SET "startedAt" = v.at
        FROM (SELECT id, min(at) AS at FROM jsonb_to_recordset(${JSON.stringify(batch.map(({ id, at }) => ({ id, at })))}::jsonb) AS r(id text, at timestamp(3)) GROUP BY id) AS v
        WHERE c.id = v.id AND c.raw = '{}'::jsonb AND c."startedAt" > v.at`;
      for (const b of batch) b.resolve();
    } catch (error) {
      for (const b of batch) b.reject(error);
    }
  }
  notingFirstAudio = false;
}

export interface OpenedSegment {
  id: string;
  segment: number;
  blobKey: string;
  /** The leg's timeline origin (epoch ms) if an earlier segment had audio. */
  originMs: number | undefined;
  /** Where this segment continues the leg's timeline (bytes). */
  positionBytes: number;
  /** Whether this continues an earlier segment (its first gap is a reconnect). */
  continues: boolean;
}

export async function openSegment(input: { tenantId: string; callId: string; leg: string; subscriptionId: string; receiverId: string; configAt: Date }): Promise<OpenedSegment> {
  for (let attempt = 0; ; attempt++) {
    const prior = await db().streamSession.findMany({
      where: { callId: input.callId, leg: input.leg },
      select: { segment: true, firstAudioAt: true, offsetBytes: true, endBytes: true },
    });
    const segment = prior.reduce((max, p) => Math.max(max, p.segment), 0) + 1;
    const withAudio = prior.filter((p) => p.firstAudioAt);
    const originMs = withAudio.length ? Math.min(...withAudio.map((p) => p.firstAudioAt!.getTime() - Number(p.offsetBytes) / BYTES_PER_MS)) : undefined;
    const positionBytes = prior.reduce((max, p) => Math.max(max, Number(p.endBytes)), 0);
    const blobKey = liveSegmentBlobKey(input.tenantId, input.callId, input.leg, segment);
    try {
      const row = await db().streamSession.create({
        data: { tenantId: input.tenantId, callId: input.callId, leg: input.leg, segment, subscriptionId: input.subscriptionId, receiverId: input.receiverId, blobKey, configAt: input.configAt },
        select: { id: true },
      });
      return { id: row.id, segment, blobKey, originMs, positionBytes, continues: prior.length > 0 };
    } catch (error) {
      const taken = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (!taken || attempt >= 20) throw error;
    }
  }
}

export interface Hold {
  from: string;
  to?: string;
}

export interface SegmentProgress {
  startSentAt?: Date;
  firstAudioAt?: Date;
  lastAudioAt?: Date;
  bytes: number;
  offsetBytes: number;
  endBytes: number;
  gaps: Gap[];
  holds: Hold[];
  timeToFirstAudioMs?: number;
  endStatus?: string;
  endedAt?: Date;
}

export async function saveSegment(id: string, p: SegmentProgress): Promise<void> {
  await db().streamSession.update({
    where: { id },
    data: {
      startSentAt: p.startSentAt,
      firstAudioAt: p.firstAudioAt,
      lastAudioAt: p.lastAudioAt,
      bytes: BigInt(p.bytes),
      offsetBytes: BigInt(p.offsetBytes),
      endBytes: BigInt(p.endBytes),
      gaps: p.gaps as unknown as Prisma.InputJsonValue,
      holds: p.holds as unknown as Prisma.InputJsonValue,
      timeToFirstAudioMs: p.timeToFirstAudioMs,
      endStatus: p.endStatus,
      endedAt: p.endedAt,
    },
  });
}

/**
 * The progress of many streaming segments in ONE statement (the receiver
 * saves every live leg once a second; a statement per leg would cost more
 * than the audio). Ended segments are left alone (their final save wins).
 */
export async function saveSegmentsProgress(rows: (SegmentProgress & { id: string })[], now = new Date()): Promise<void> {
  if (!rows.length) return;
  const iso = (d: Date | undefined) => d?.toISOString() ?? null;
  const json = JSON.stringify(
    rows.map((r) => ({
      id: r.id,
      startSentAt: iso(r.startSentAt),
      firstAudioAt: iso(r.firstAudioAt),
      lastAudioAt: iso(r.lastAudioAt),
      bytes: r.bytes,
      offsetBytes: r.offsetBytes,
      endBytes: r.endBytes,
      gaps: r.gaps,
      holds: r.holds,
      timeToFirstAudioMs: r.timeToFirstAudioMs ?? null,
    })),
  );
  // Timestamps are UTC without a zone, as Prisma stores them.
  await db().$executeRaw`
    UPDATE "StreamSession" AS s SET
      "startSentAt" = v."startSentAt", "firstAudioAt" = v."firstAudioAt", "lastAudioAt" = v."lastAudioAt",
      bytes = v.bytes, "offsetBytes" = v."offsetBytes", "endBytes" = v."endBytes", gaps = v.gaps, holds = v.holds,
      "timeToFirstAudioMs" = v."timeToFirstAudioMs", "updatedAt" = ${now.toISOString()}::timestamp(3)
    FROM jsonb_to_recordset(${json}::jsonb) AS v(id text, "startSentAt" timestamp(3), "firstAudioAt" timestamp(3), "lastAudioAt" timestamp(3),
      bytes bigint, "offsetBytes" bigint, "endBytes" bigint, gaps jsonb, holds jsonb, "timeToFirstAudioMs" integer)
    WHERE s.id = v.id AND s."endedAt" IS NULL`;
}
