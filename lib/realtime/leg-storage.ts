// The database side of one leg segment: the stream's Call (one row per
// (tenant, Five9 call id), shared with the call log), the StreamSession row
// (segment numbers race-free across replicas: the unique (callId, leg,
// segment) constraint decides, a loser retries with the next number), and
// the leg's coverage so far, which a reconnect continues from. Every
// statement here is batched and goes straight to the pool (`sql`): legs open
// and end together by the hundred, and Prisma's per-statement CPU was most of
// what opening one cost.
import { sql } from "../db";
import { liveSegmentBlobKey } from "../blob/blob-store";
import { BYTES_PER_MS, type Gap } from "./leg-timeline";
import { batchQueue } from "../batch-queue";

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
 * (the call log is the better source); empty ones are filled in. Batched: the
 * legs opening together (1,000 at once after a replica's restart) share one
 * statement.
 */
export const upsertStreamCall = batchQueue(upsertStreamCalls, { maxBatch: 500 });

async function upsertStreamCalls(inputs: StreamCallInput[]): Promise<string[]> {
  // One row per key (ON CONFLICT may not touch a row twice), with what sequential upserts would
  // leave: the first input's start, the first non-empty value of each field. Sorted, so two
  // replicas' batches lock rows in the same order.
  const byKey = new Map<string, StreamCallInput>();
  for (const input of inputs) {
    const key = callKey(input);
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...input });
    else {
      seen.campaign ||= input.campaign;
      seen.agentUsername ||= input.agentUsername;
      seen.skill ||= input.skill;
    }
  }
  const rows = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => ({ ...r, startedAt: r.startedAt.toISOString() }));
  // Timestamps are UTC without a zone, as Prisma stores them.
  const written = await sql<{ id: string; tenantId: string; five9CallId: string }>`
    INSERT INTO "Call" ("tenantId", "five9CallId", "startedAt", campaign, "agentUsername", skill, raw, "firstSeenAt", "updatedAt")
    SELECT v."tenantId", v."five9CallId", v."startedAt", NULLIF(v.campaign, ''), NULLIF(v."agentUsername", ''), NULLIF(v.skill, ''), '{}'::jsonb, now(), now()
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v("tenantId" text, "five9CallId" text, "startedAt" timestamp(3), campaign text, "agentUsername" text, skill text)
    ON CONFLICT ("tenantId", "five9CallId") DO UPDATE SET
      campaign = COALESCE("Call".campaign, EXCLUDED.campaign),
      "agentUsername" = COALESCE("Call"."agentUsername", EXCLUDED."agentUsername"),
      skill = COALESCE("Call".skill, EXCLUDED.skill)
    RETURNING id, "tenantId", "five9CallId"`;
  const ids = new Map(written.map((w) => [callKey(w), w.id]));
  return inputs.map((input) => ids.get(callKey(input))!);
}

const callKey = (c: { tenantId: string; five9CallId: string }) => `${c.tenantId}\u0000${c.five9CallId}`;

/**
 * A stream-created Call starts at its first audio (the call log's TIMESTAMP replaces it later).
 * Batched: 1,000 legs starting together would otherwise be 1,000 statements in the same second,
 * a stall of every leg's audio. Resolves once its batch is written.
 */
export function noteCallFirstAudio(callId: string, at: Date): Promise<void> {
  return noteFirstAudios({ id: callId, at: at.toISOString() });
}

const noteFirstAudios = batchQueue(async (batch: { id: string; at: string }[]) => {
  // Timestamps are UTC without a zone, as Prisma stores them; the earliest per call wins.
  await sql`
    UPDATE "Call" AS c SET "startedAt" = v.at
    FROM (SELECT id, min(at) AS at FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS r(id text, at timestamp(3)) GROUP BY id) AS v
    WHERE c.id = v.id AND c.raw = '{}'::jsonb AND c."startedAt" > v.at`;
  return batch.map(() => undefined);
}, { maxBatch: 1000 });

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

export interface OpenSegmentInput {
  tenantId: string;
  callId: string;
  leg: string;
  subscriptionId: string;
  receiverId: string;
  configAt: Date;
}

interface PriorSegment {
  segment: number;
  firstAudioAt: Date | null;
  offsetBytes: number;
  endBytes: number;
}

/** The next segment of a leg and where it continues, from the leg's earlier segments. */
function nextSegment(input: OpenSegmentInput, prior: PriorSegment[]): Omit<OpenedSegment, "id"> {
  const segment = prior.reduce((max, p) => Math.max(max, p.segment), 0) + 1;
  const withAudio = prior.filter((p) => p.firstAudioAt);
  return {
    segment,
    blobKey: liveSegmentBlobKey(input.tenantId, input.callId, input.leg, segment),
    originMs: withAudio.length ? Math.min(...withAudio.map((p) => p.firstAudioAt!.getTime() - p.offsetBytes / BYTES_PER_MS)) : undefined,
    positionBytes: prior.reduce((max, p) => Math.max(max, p.endBytes), 0),
    continues: prior.length > 0,
  };
}

const legKey = (s: { callId: string; leg: string }) => `${s.callId}\u0000${s.leg}`;

/** Earlier segments of these calls (all legs; the caller groups them). */
function priorSegments(callIds: string[]): Promise<(PriorSegment & { callId: string; leg: string })[]> {
  return sql`
    SELECT "callId", leg, segment, "firstAudioAt", "offsetBytes"::float8 AS "offsetBytes", "endBytes"::float8 AS "endBytes" FROM "StreamSession"
    WHERE "callId" = ANY(${callIds}::text[])`;
}

/**
 * Inserts the planned rows; a row whose (call, leg, segment) another replica took first is
 * skipped (not returned).
 */
function insertSegments(rows: { input: OpenSegmentInput; next: Omit<OpenedSegment, "id"> }[]): Promise<{ id: string; callId: string; leg: string; segment: number }[]> {
  const json = JSON.stringify(
    rows.map(({ input, next }) => ({
      tenantId: input.tenantId, callId: input.callId, leg: input.leg, segment: next.segment, subscriptionId: input.subscriptionId,
      receiverId: input.receiverId, blobKey: next.blobKey, configAt: input.configAt.toISOString(),
    })),
  );
  // Timestamps are UTC without a zone, as Prisma stores them.
  return sql`
    INSERT INTO "StreamSession" ("tenantId", "callId", leg, segment, "subscriptionId", "receiverId", "blobKey", "configAt", "updatedAt")
    SELECT v."tenantId", v."callId", v.leg, v.segment, v."subscriptionId", v."receiverId", v."blobKey", v."configAt", now()
    FROM jsonb_to_recordset(${json}::jsonb) AS v("tenantId" text, "callId" text, leg text, segment integer, "subscriptionId" text, "receiverId" text, "blobKey" text, "configAt" timestamp(3))
    ON CONFLICT ("callId", leg, segment) DO NOTHING
    RETURNING id, "callId", leg, segment`;
}

/**
 * The StreamSession row of a new leg segment. Batched like the Call upsert: one read of the legs'
 * earlier segments and one insert for the batch. Segment numbers stay race-free across replicas:
 * the unique (callId, leg, segment) constraint decides; a row another replica took first (and a
 * second open of the same leg within one batch) is opened on its own, retrying with the next number.
 */
export const openSegment = batchQueue(openSegments, { maxBatch: 500 });

/** Exported for the race test (two replicas' batches at once); the receiver uses `openSegment`. */
export async function openSegments(inputs: OpenSegmentInput[]): Promise<OpenedSegment[]> {
  const prior = await priorSegments([...new Set(inputs.map((i) => i.callId))]);
  const priorByLeg = new Map<string, PriorSegment[]>();
  for (const p of prior) {
    const list = priorByLeg.get(legKey(p));
    if (list) list.push(p);
    else priorByLeg.set(legKey(p), [p]);
  }
  const firstOfLeg = new Map<string, { input: OpenSegmentInput; next: Omit<OpenedSegment, "id"> }>();
  for (const input of inputs) if (!firstOfLeg.has(legKey(input))) firstOfLeg.set(legKey(input), { input, next: nextSegment(input, priorByLeg.get(legKey(input)) ?? []) });
  const created = await insertSegments([...firstOfLeg.values()]);
  const createdByLeg = new Map(created.map((c) => [legKey(c), c]));
  const opened: OpenedSegment[] = [];
  for (const input of inputs) {
    const planned = firstOfLeg.get(legKey(input))!;
    const row = createdByLeg.get(legKey(input));
    if (planned.input === input && row && row.segment === planned.next.segment) opened.push({ id: row.id, ...planned.next });
    else opened.push(await openSegmentAlone(input));
  }
  return opened;
}

async function openSegmentAlone(input: OpenSegmentInput): Promise<OpenedSegment> {
  for (let attempt = 0; ; attempt++) {
    const next = nextSegment(input, (await priorSegments([input.callId])).filter((p) => p.leg === input.leg));
    const [row] = await insertSegments([{ input, next }]);
    if (row) return { id: row.id, ...next };
    if (attempt >= 20) throw new Error(`could not open a segment of ${input.callId}/${input.leg}: every number was taken`);
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

/**
 * The progress of many streaming segments in ONE statement (the receiver
 * saves every live leg once a second; a statement per leg would cost more
 * than the audio). Ended segments are left alone (their final save wins).
 */
export function saveSegmentsProgress(rows: (SegmentProgress & { id: string })[], now = new Date()): Promise<void> {
  return writeSegments(rows, now);
}

/**
 * A segment's final save (with its end status and time), batched like the
 * progress saves: 1,000 legs ending together (a replica's shutdown) are a few
 * statements, not 1,000. Resolves once written.
 */
export const saveSegment = batchQueue(
  async (rows: (SegmentProgress & { id: string })[]) => {
    await writeSegments(rows, new Date());
    return rows.map(() => undefined);
  },
  { maxBatch: 1000 },
);

/** Rows with `endedAt` are final saves; rows without are progress, skipped once the segment has ended. */
async function writeSegments(rows: (SegmentProgress & { id: string })[], now: Date): Promise<void> {
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
      endStatus: r.endStatus ?? null,
      endedAt: iso(r.endedAt),
    })),
  );
  // Timestamps are UTC without a zone, as Prisma stores them.
  await sql`
    UPDATE "StreamSession" AS s SET
      "startSentAt" = v."startSentAt", "firstAudioAt" = v."firstAudioAt", "lastAudioAt" = v."lastAudioAt",
      bytes = v.bytes, "offsetBytes" = v."offsetBytes", "endBytes" = v."endBytes", gaps = v.gaps, holds = v.holds,
      "timeToFirstAudioMs" = v."timeToFirstAudioMs", "endStatus" = COALESCE(v."endStatus", s."endStatus"),
      "endedAt" = COALESCE(v."endedAt", s."endedAt"), "updatedAt" = ${now.toISOString()}::timestamp(3)
    FROM jsonb_to_recordset(${json}::jsonb) AS v(id text, "startSentAt" timestamp(3), "firstAudioAt" timestamp(3), "lastAudioAt" timestamp(3),
      bytes bigint, "offsetBytes" bigint, "endBytes" bigint, gaps jsonb, holds jsonb, "timeToFirstAudioMs" integer, "endStatus" text, "endedAt" timestamp(3))
    WHERE s.id = v.id AND (s."endedAt" IS NULL OR v."endedAt" IS NOT NULL)`;
}
