// What the ingestion status page shows, as JSON-ready values shared by the
// page (first render) and the route it polls: freshness, per-day volume, lag
// and completeness, recent runs, open dead letters and backfills.
import { db } from "../db";
import { CALL_LOG_STREAM } from "../ingest/sync-cursor";

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export interface DayStats {
  day: string;
  calls: number;
  withRecording: number;
  withTranscript: number;
  /** Median minutes from a call's end to Loris storing it, over calls synced live (stored within a day; backfilled ones would swamp it); null when none. */
  lagMinutes: number | null;
}

export interface BackfillView {
  id: string;
  from: string;
  to: string;
  status: string;
  totalParts: number;
  doneParts: number;
  callsFound: number;
  deadLetters: number;
  error: string | null;
  requestedBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Parts per minute since start, and the estimated finish, while running. */
  partsPerMinute: number | null;
  etaAt: string | null;
}

export interface IngestionStatus {
  generatedAt: string;
  freshness: { newestCallAt: string | null; cursor: string | null; lastRunAt: string | null; lastSuccessAt: string | null; lastError: string | null; stoppedReason: string | null };
  days: DayStats[];
  runs: { id: string; kind: string; windowFrom: string; windowTo: string; startedAt: string; finishedAt: string | null; outcome: string; counts: unknown; error: string | null }[];
  deadLetters: { id: string; kind: string; itemKey: string; five9CallId: string | null; reason: string; attempts: number; lastError: string | null; lastFailedAt: string }[];
  backfills: BackfillView[];
  /** mediaPending: calls whose recording and transcript are still to fetch. */
  totals: { calls: number; withRecording: number; withTranscript: number; mediaPending: number };
}

/**
 * Calls per UTC day over the last `days` days, with completeness and lag.
 * Lag (call end → stored) is the median over calls that ended while Loris was
 * installed: older calls read by the first sync or a backfill are history, not
 * delay, and would drown the live sync's minutes in days.
 */
export async function dailyStats(tenantId: string, days = 30, now = new Date()): Promise<DayStats[]> {
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const rows = await db().$queryRaw<{ day: Date; calls: bigint; with_recording: bigint; with_transcript: bigint; lag_minutes: number | null }[]>`
    SELECT date_trunc('day', c."startedAt" AT TIME ZONE 'UTC') AS day,
           count(*) AS calls,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "CallRecording" r WHERE r."callId" = c.id)) AS with_recording,
           count(t.id) AS with_transcript,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (c."firstSeenAt" - coalesce(c."endedAt", c."startedAt"))) / 60)
             FILTER (WHERE coalesce(c."endedAt", c."startedAt") >= i."completedAt") AS lag_minutes
    FROM "Call" c
    LEFT JOIN "Install" i ON i."tenantId" = c."tenantId"
    LEFT JOIN "CallTranscript" t ON t."callId" = c.id
    WHERE c."tenantId" = ${tenantId} AND c."startedAt" >= ${since}
    GROUP BY 1 ORDER BY 1`;
  const byDay = new Map(rows.map((r) => [r.day.toISOString().slice(0, 10), r]));
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    const r = byDay.get(day);
    return {
      day,
      calls: Number(r?.calls ?? 0),
      withRecording: Number(r?.with_recording ?? 0),
      withTranscript: Number(r?.with_transcript ?? 0),
      lagMinutes: r?.lag_minutes === null || r?.lag_minutes === undefined ? null : Math.max(0, Math.round(Number(r.lag_minutes))),
    };
  });
}

export function backfillView(b: { id: string; from: Date; to: Date; status: string; totalParts: number; doneParts: number; callsFound: number; deadLetters: number; error: string | null; requestedBy: string | null; createdAt: Date; startedAt: Date | null; finishedAt: Date | null }, now = Date.now()): BackfillView {
  const elapsedMinutes = b.startedAt ? (now - b.startedAt.getTime()) / 60_000 : 0;
  const rate = b.status === "running" && elapsedMinutes > 0 && b.doneParts > 0 ? b.doneParts / elapsedMinutes : null;
  const eta = rate ? new Date(now + ((b.totalParts - b.doneParts) / rate) * 60_000) : null;
  return {
    id: b.id, from: b.from.toISOString(), to: b.to.toISOString(), status: b.status, totalParts: b.totalParts, doneParts: b.doneParts,
    callsFound: b.callsFound, deadLetters: b.deadLetters, error: b.error, requestedBy: b.requestedBy,
    createdAt: b.createdAt.toISOString(), startedAt: iso(b.startedAt), finishedAt: iso(b.finishedAt),
    partsPerMinute: rate === null ? null : Math.round(rate * 10) / 10, etaAt: iso(eta),
  };
}

export async function ingestionStatus(tenantId: string, now = new Date()): Promise<IngestionStatus> {
  const [cursor, newest, days, runs, deadLetters, backfills, calls, withRecording, withTranscript, mediaPending] = await Promise.all([
    db().syncCursor.findUnique({ where: { tenantId_stream: { tenantId, stream: CALL_LOG_STREAM } } }),
    db().call.findFirst({ where: { tenantId }, orderBy: { startedAt: "desc" }, select: { startedAt: true } }),
    dailyStats(tenantId, 30, now),
    db().ingestRun.findMany({ where: { tenantId }, orderBy: { startedAt: "desc" }, take: 20 }),
    db().deadLetter.findMany({ where: { tenantId, resolvedAt: null }, orderBy: { lastFailedAt: "desc" }, take: 50 }),
    db().backfill.findMany({ where: { tenantId }, orderBy: { createdAt: "desc" }, take: 10 }),
    db().call.count({ where: { tenantId } }),
    db().call.count({ where: { tenantId, recordings: { some: {} } } }),
    db().callTranscript.count({ where: { tenantId } }),
    db().call.count({ where: { tenantId, mediaCheckedAt: null, tenant: { install: { dataKinds: { hasSome: ["recordings", "transcripts"] } } } } }),
  ]);
  return {
    generatedAt: now.toISOString(),
    freshness: { newestCallAt: iso(newest?.startedAt), cursor: iso(cursor?.cursor), lastRunAt: iso(cursor?.lastRunAt), lastSuccessAt: iso(cursor?.lastSuccessAt), lastError: cursor?.lastError ?? null, stoppedReason: cursor?.stoppedAt ? (cursor.stopReason ?? "stopped") : null },
    days,
    runs: runs.map((r) => ({ id: r.id, kind: r.kind, windowFrom: r.windowFrom.toISOString(), windowTo: r.windowTo.toISOString(), startedAt: r.startedAt.toISOString(), finishedAt: iso(r.finishedAt), outcome: r.outcome, counts: r.counts, error: r.error })),
    deadLetters: deadLetters.map((d) => ({ id: d.id, kind: d.kind, itemKey: d.itemKey, five9CallId: d.five9CallId, reason: d.reason, attempts: d.attempts, lastError: d.lastError, lastFailedAt: d.lastFailedAt.toISOString() })),
    backfills: backfills.map((b) => backfillView(b, now.getTime())),
    totals: { calls, withRecording, withTranscript, mediaPending },
  };
}
