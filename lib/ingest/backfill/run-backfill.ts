// Runs a backfill part by part with the call log window code. Finished parts
// are skipped, so a worker restart (or a resume) continues where it stopped;
// a part that was running when a worker died is read again (upserts make that
// harmless). Status is re-read between parts and windows: pause and cancel
// take effect at the next one.
import type { Prisma } from "@prisma/client";
import { db } from "../../db";
import { isPermanentFive9Error } from "../../five9/errors";
import { logger } from "../../log";
import { loadCallLogSource } from "../call-log/call-log-source";
import { emptyTotals, ingestWindows, type IngestWindowsOptions, type WindowTotals } from "../call-log/ingest-windows";
import { newReportStats } from "../call-log/report-client";
import { planWindows } from "../call-log/windows";
import { BudgetWaitTooLong } from "../rate-budget";

export interface BackfillOptions extends IngestWindowsOptions {
  /** Longest report window inside a part (default 6 h). */
  maxWindowMs?: number;
  /** Tries per part before the backfill fails. */
  partAttempts?: number;
  /** Stop ("interrupted") after this much work; the scheduler queues the rest (jobs expire after 15 min). */
  maxRunMs?: number;
}

export type BackfillRunOutcome = "done" | "paused" | "cancelled" | "failed" | "interrupted";

async function isActive(backfillId: string): Promise<boolean> {
  const b = await db().backfill.findUnique({ where: { id: backfillId }, select: { status: true } });
  return b?.status === "running" || b?.status === "queued";
}

/** Reads one part; false when stopped by pause, cancel or shutdown before it finished. */
export async function runBackfillPart(partId: string, options: BackfillOptions = {}): Promise<{ completed: boolean; totals: WindowTotals }> {
  const part = await db().backfillPart.findUniqueOrThrow({ where: { id: partId } });
  if (part.status === "done") return { completed: true, totals: emptyTotals() };
  await db().backfillPart.update({ where: { id: partId }, data: { status: "running", attempts: { increment: 1 }, rows: 0 } });
  const stats = options.stats ?? newReportStats();
  const source = await loadCallLogSource(part.tenantId, { ...options, stats });
  const windows = planWindows(part.from.getTime(), part.to.getTime(), source.timeZone, options.maxWindowMs ?? 6 * 3_600_000);
  const run = await db().ingestRun.create({ data: { tenantId: part.tenantId, kind: "backfill", backfillId: part.backfillId, windowFrom: part.from, windowTo: part.to } });
  try {
    const { totals, completed } = await ingestWindows(source, windows, {
      ...options,
      stats,
      shouldContinue: async () => !options.signal?.aborted && (await isActive(part.backfillId)),
      afterStore: async (tx, window, stored) => {
        await tx.backfillPart.update({ where: { id: partId }, data: { rows: { increment: stored.rows } } });
        await options.afterStore?.(tx, window, stored);
      },
    });
    await db().$transaction(async (tx) => {
      await tx.ingestRun.update({ where: { id: run.id }, data: { outcome: completed ? "ok" : "interrupted", finishedAt: new Date(), counts: { ...totals, five9Calls: stats.calls, retries: stats.retries } as Prisma.InputJsonValue } });
      if (!completed) return;
      // Counted once even if another run finished the same part meanwhile.
      const marked = await tx.backfillPart.updateMany({ where: { id: partId, status: { not: "done" } }, data: { status: "done", finishedAt: new Date(), error: null } });
      if (marked.count === 0) return;
      await tx.backfill.update({ where: { id: part.backfillId }, data: { doneParts: { increment: 1 }, callsFound: { increment: totals.inserted + totals.updated + totals.unchanged }, deadLetters: { increment: totals.rejected } } });
    });
    return { completed, totals };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db().ingestRun.update({ where: { id: run.id }, data: { outcome: "failed", finishedAt: new Date(), error: message } });
    await db().backfillPart.update({ where: { id: partId }, data: { status: "failed", error: message } });
    throw error;
  }
}

/** Runs every unfinished part in order until done, paused, cancelled, failed or interrupted. */
export async function runBackfill(backfillId: string, options: BackfillOptions = {}): Promise<BackfillRunOutcome> {
  const log = logger("backfill").child({ backfillId });
  const claimed = await db().backfill.updateMany({ where: { id: backfillId, status: { in: ["queued", "running"] } }, data: { status: "running" } });
  const backfill = await db().backfill.findUniqueOrThrow({ where: { id: backfillId } });
  if (claimed.count === 0) return backfill.status === "done" ? "done" : backfill.status === "failed" ? "failed" : backfill.status === "paused" ? "paused" : "cancelled";
  if (!backfill.startedAt) await db().backfill.update({ where: { id: backfillId }, data: { startedAt: new Date() } });

  const started = Date.now();
  for (;;) {
    if (options.signal?.aborted || (options.maxRunMs !== undefined && Date.now() - started > options.maxRunMs)) return "interrupted";
    const current = await db().backfill.findUniqueOrThrow({ where: { id: backfillId }, select: { status: true } });
    if (current.status !== "running") return current.status === "paused" ? "paused" : "cancelled";
    const part = await db().backfillPart.findFirst({ where: { backfillId, status: { not: "done" } }, orderBy: { index: "asc" } });
    if (!part) {
      await db().backfill.updateMany({ where: { id: backfillId, status: "running" }, data: { status: "done", finishedAt: new Date() } });
      log.info("backfill done");
      return "done";
    }
    try {
      const { completed } = await runBackfillPart(part.id, options);
      if (!completed) continue;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof BudgetWaitTooLong || options.signal?.aborted) {
        // Not the part's fault: it runs again when budget is back (or after the restart).
        await db().backfillPart.update({ where: { id: part.id }, data: { status: "queued", attempts: { decrement: 1 } } });
        log.info({ part: part.index, err: message }, "backfill paused for rate budget or shutdown");
        return "interrupted";
      }
      const attempts = part.attempts + 1;
      if (isPermanentFive9Error(error) || attempts >= (options.partAttempts ?? 3)) {
        await db().backfill.update({ where: { id: backfillId }, data: { status: "failed", error: `Part ${part.index + 1} (${part.from.toISOString()}–${part.to.toISOString()}): ${message}`, finishedAt: new Date() } });
        log.error({ part: part.index, err: message }, "backfill failed");
        return "failed";
      }
      log.warn({ part: part.index, attempts, err: message }, "backfill part failed; will retry");
    }
  }
}
