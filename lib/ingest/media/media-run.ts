// A media run (recordings and transcripts) as an IngestRun row, so it shows in
// Recent runs beside the call log syncs and backfills: what it fetched, how
// many failed, and why it stopped. Runs that found nothing to do leave no row
// (the scheduler looks every 5 minutes). The window is when the run worked.
import type { Prisma } from "@prisma/client";
import { db } from "../../db";
import { getCursor } from "../sync-cursor";
import { MEDIA_STREAM, type drainMedia } from "./ingest-media";

type DrainResult = Awaited<ReturnType<typeof drainMedia>>;

export async function recordMediaRun(tenantId: string, drain: () => Promise<DrainResult>, signal?: AbortSignal): Promise<DrainResult> {
  const startedAt = new Date();
  const row = (data: { outcome: string; counts: object; error?: string | null }) =>
    db().ingestRun.create({ data: { tenantId, kind: "media", windowFrom: startedAt, windowTo: new Date(), startedAt, finishedAt: new Date(), outcome: data.outcome, counts: data.counts as Prisma.InputJsonValue, error: data.error ?? null } });
  try {
    const result = await drain();
    const cursor = result.outcome === "stopped" ? await getCursor(tenantId, MEDIA_STREAM) : null;
    // Stopped by this run (not one that found the stream already stopped, which would repeat every 5 minutes).
    if (cursor?.stoppedAt && cursor.stoppedAt >= startedAt) {
      await row({ outcome: "stopped", counts: result.totals, error: cursor.stopReason });
    } else if (result.totals.calls > 0) {
      await row({ outcome: "ok", counts: result.totals, error: result.totals.failed > 0 ? `${result.totals.failed} of ${result.totals.calls} calls failed; see the dead letters` : null });
    }
    return result;
  } catch (error) {
    // A shutdown or a closed workspace is not a failed run.
    if (!signal?.aborted) await row({ outcome: "failed", counts: {}, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
