// What the ingestion status page shows, as JSON-ready values shared by the
// page (first render) and the route it polls: freshness, per-day volume, lag
// and completeness, recent runs, open dead letters and backfills.
import { db } from "../db";
import { CALL_LOG_STREAM } from "../ingest/sync-cursor";
import type { DayStats } from "./daily-stats";
import { ingestionTotals } from "./ingestion-totals";
import type { LiveAudioDays } from "./live-audio-days";

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

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
  /** Calls per local day of the Five9 domain (daysTimeZone), as the ledger counts them. */
  days: DayStats[];
  daysTimeZone: string;
  runs: { id: string; kind: string; windowFrom: string; windowTo: string; startedAt: string; finishedAt: string | null; outcome: string; counts: unknown; error: string | null }[];
  /** callId: the stored call it concerns (the page links to it); attempts 0 = a retry is queued. */
  deadLetters: { id: string; kind: string; itemKey: string; five9CallId: string | null; callId: string | null; reason: string; attempts: number; lastError: string | null; lastFailedAt: string }[];
  backfills: BackfillView[];
  /** mediaPending: calls whose recording and transcript are still to fetch. */
  totals: { calls: number; withRecording: number; withTranscript: number; mediaPending: number };
  /** Live-audio completeness per local day (null: the tenant does not use live audio). */
  liveAudio: LiveAudioDays | null;
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

/** Loris's ids of the tenant's stored calls with these Five9 call ids. */
async function callIdsOf(tenantId: string, five9CallIds: string[]): Promise<Map<string, string>> {
  if (five9CallIds.length === 0) return new Map();
  const calls = await db().call.findMany({ where: { tenantId, five9CallId: { in: five9CallIds } }, select: { id: true, five9CallId: true } });
  return new Map(calls.map((c) => [c.five9CallId, c.id]));
}

export async function ingestionStatus(tenantId: string, now = new Date()): Promise<IngestionStatus> {
  const [cursors, newest, runs, deadLetters, backfills] = await Promise.all([
    db().syncCursor.findMany({ where: { tenantId }, select: { stream: true, cursor: true, lastRunAt: true, lastSuccessAt: true, lastError: true, stoppedAt: true, stopReason: true } }),
    db().call.findFirst({ where: { tenantId }, orderBy: { startedAt: "desc" }, select: { startedAt: true } }),
    db().ingestRun.findMany({ where: { tenantId }, orderBy: { startedAt: "desc" }, take: 20 }),
    db().deadLetter.findMany({ where: { tenantId, resolvedAt: null }, orderBy: { lastFailedAt: "desc" }, take: 50 }),
    db().backfill.findMany({ where: { tenantId }, orderBy: { createdAt: "desc" }, take: 10 }),
  ]);
  const cursor = cursors.find((c) => c.stream === CALL_LOG_STREAM);
  // What moves when calls, recordings or transcripts are stored: runs of every stream, backfill progress, the newest call.
  const marker = JSON.stringify([
    cursors.map((c) => [c.stream, c.lastRunAt?.getTime(), c.stoppedAt?.getTime()]).sort(),
    backfills.map((b) => [b.id, b.status, b.doneParts, b.callsFound]),
    newest?.startedAt.getTime(),
    runs[0]?.id, runs[0]?.finishedAt?.getTime(),
  ]);
  const { days, daysTimeZone, totals, liveAudio } = await ingestionTotals(tenantId, marker, now);
  const callIds = await callIdsOf(tenantId, deadLetters.flatMap((d) => (d.five9CallId ? [d.five9CallId] : [])));
  return {
    generatedAt: now.toISOString(),
    freshness: { newestCallAt: iso(newest?.startedAt), cursor: iso(cursor?.cursor), lastRunAt: iso(cursor?.lastRunAt), lastSuccessAt: iso(cursor?.lastSuccessAt), lastError: cursor?.lastError ?? null, stoppedReason: cursor?.stoppedAt ? (cursor.stopReason ?? "stopped") : null },
    days,
    daysTimeZone,
    runs: runs.map((r) => ({ id: r.id, kind: r.kind, windowFrom: r.windowFrom.toISOString(), windowTo: r.windowTo.toISOString(), startedAt: r.startedAt.toISOString(), finishedAt: iso(r.finishedAt), outcome: r.outcome, counts: r.counts, error: r.error })),
    deadLetters: deadLetters.map((d) => ({ id: d.id, kind: d.kind, itemKey: d.itemKey, five9CallId: d.five9CallId, callId: (d.five9CallId && callIds.get(d.five9CallId)) ?? null, reason: d.reason, attempts: d.attempts, lastError: d.lastError, lastFailedAt: d.lastFailedAt.toISOString() })),
    backfills: backfills.map((b) => backfillView(b, now.getTime())),
    totals,
    liveAudio,
  };
}
