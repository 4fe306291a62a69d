// The incremental call log sync of one tenant: from the cursor minus an
// overlap (late rows: calls reported only once they ended) to now, in
// windows; the cursor moves with each stored window. Permanent failures
// (credentials refused, domain migrated, not an admin) stop the tenant's
// sync with the reason, shown by the ingestion health check; the sync starts
// again by itself once the saved Five9 user changes.
import type { Prisma } from "@prisma/client";
import { db } from "../../db";
import { isPermanentFive9Error } from "../../five9/errors";
import { logger } from "../../log";
import { realClock } from "../ingest-clock";
import { BudgetWaitTooLong } from "../rate-budget";
import { advanceCursor, CALL_LOG_STREAM, clearStop, getCursor, stopStream } from "../sync-cursor";
import { loadCallLogSource, SourceNotReady } from "./call-log-source";
import { ingestWindows, type IngestWindowsOptions, type WindowTotals } from "./ingest-windows";
import { newReportStats } from "./report-client";
import { planWindows } from "./windows";

export interface SyncOptions extends IngestWindowsOptions {
  /** Re-read this much before the cursor each run (default 2 h). */
  overlapMs?: number;
  /** First run: how far back to start (default 24 h; older history is a backfill). */
  initialLookbackMs?: number;
  /** Longest report window (default 6 h). */
  maxWindowMs?: number;
}

export type SyncOutcome = "ok" | "stopped" | "failed" | "deferred" | "not_ready" | "interrupted";

export interface SyncResult {
  outcome: SyncOutcome;
  runId?: string;
  totals?: WindowTotals;
  error?: string;
}

const MINUTE = 60_000;

export async function syncCallLog(tenantId: string, options: SyncOptions = {}): Promise<SyncResult> {
  const clock = options.clock ?? realClock;
  const log = logger("call-log").child({ tenantId });
  let cursor = await getCursor(tenantId, CALL_LOG_STREAM);
  if (cursor.stoppedAt) {
    const cred = await db().supervisorCredential.findUnique({ where: { tenantId }, select: { updatedAt: true } });
    if (!cred || cred.updatedAt <= cursor.stoppedAt) return { outcome: "stopped", error: cursor.stopReason ?? undefined };
    log.info("the Five9 user was changed since the sync stopped; starting again");
    await clearStop(tenantId, CALL_LOG_STREAM);
  }

  const stats = options.stats ?? newReportStats();
  const now = clock.now();
  const to = Math.floor(now / MINUTE) * MINUTE;
  const from = cursor.cursor ? cursor.cursor.getTime() - (options.overlapMs ?? 2 * 3_600_000) : to - (options.initialLookbackMs ?? 86_400_000);
  const run = await db().ingestRun.create({ data: { tenantId, kind: "call_log", windowFrom: new Date(from), windowTo: new Date(to) } });
  const finish = async (outcome: SyncOutcome, totals: WindowTotals | undefined, error?: string) => {
    const counts = { ...(totals ?? {}), five9Calls: stats.calls, retries: stats.retries } as Prisma.InputJsonValue;
    await db().ingestRun.update({ where: { id: run.id }, data: { outcome, finishedAt: new Date(), counts, error: error ?? null } });
    await db().syncCursor.update({ where: { id: cursor.id }, data: { lastRunAt: new Date(), ...(outcome === "ok" ? { lastSuccessAt: new Date(), lastError: null } : { lastError: error ?? null }) } });
    return { outcome, runId: run.id, totals, error };
  };

  try {
    const source = await loadCallLogSource(tenantId, { ...options, stats });
    const windows = planWindows(from, to, source.timeZone, options.maxWindowMs ?? 6 * 3_600_000);
    const { totals, completed } = await ingestWindows(source, windows, {
      ...options,
      stats,
      afterStore: async (tx, window, stored) => {
        await advanceCursor(tenantId, CALL_LOG_STREAM, new Date(window.to), tx);
        await options.afterStore?.(tx, window, stored);
      },
    });
    if (!completed) return await finish("interrupted", totals, "stopped before the end (shutdown, or the workspace closed); the next run goes on from the cursor");
    log.info({ ...totals, from: new Date(from).toISOString(), to: new Date(to).toISOString() }, "call log synced");
    return await finish("ok", totals);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    cursor = await getCursor(tenantId, CALL_LOG_STREAM);
    if (isPermanentFive9Error(error)) {
      await stopStream(tenantId, CALL_LOG_STREAM, error.kind, message);
      log.error({ kind: error.kind, err: message }, "call log sync stopped: Five9 refused it permanently");
      return finish("stopped", undefined, message);
    }
    if (error instanceof SourceNotReady) return finish("not_ready", undefined, message);
    if (error instanceof BudgetWaitTooLong) {
      log.warn({ err: message }, "call log sync deferred: rate budget used up");
      return finish("deferred", undefined, message);
    }
    log.error({ err: message }, "call log sync failed; the cursor stays, the next run retries");
    return finish("failed", undefined, message);
  }
}
