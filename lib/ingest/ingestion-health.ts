// The "ingestion" health check's verdict for a tenant: a stopped call log
// sync (with what to do), freshness of the cursor, the last run's error and
// open dead letters.
import { db } from "../db";
import { timeAgo } from "../time-ago";
import { CALL_LOG_STREAM } from "./sync-cursor";

export interface IngestionVerdict {
  status: "pass" | "warn" | "fail";
  message: string;
  fixHint?: string;
}

const FIX_BY_KIND: Record<string, string> = {
  unauthorized: "Five9 no longer accepts the saved Five9 user: enter its current username and password on the History access step; the sync restarts by itself.",
  invalid_client: "Re-authorize Loris with Five9 from the workspace overview.",
  invalid_grant: "Re-authorize Loris with Five9 from the workspace overview.",
  forbidden: "Give the saved Five9 user the administrator role (reports need it), or save an administrator on the History access step.",
  migrated: "Five9 moved this domain to another data center: check the region chosen in the install wizard, then save the History access step again.",
};

/** Lag past which the call log counts as late. */
const WARN_LAG_MS = 60 * 60_000;
const FAIL_LAG_MS = 6 * 60 * 60_000;

export async function callLogHealth(tenantId: string, now = Date.now()): Promise<IngestionVerdict> {
  const cursor = await db().syncCursor.findUnique({ where: { tenantId_stream: { tenantId, stream: CALL_LOG_STREAM } } });
  if (cursor?.stoppedAt) {
    return { status: "fail", message: `The call log sync is stopped: ${cursor.stopReason ?? "Five9 refused it"}.`, fixHint: FIX_BY_KIND[cursor.stopKind ?? ""] ?? "Check the History access step, then run the checks again." };
  }
  const open = await db().deadLetter.count({ where: { tenantId, resolvedAt: null } });
  const dead = open > 0 ? ` ${open} item${open === 1 ? "" : "s"} could not be ingested (see Dead letters).` : "";
  if (!cursor?.cursor) {
    if (cursor?.lastError) return { status: "warn", message: `The first call log sync has not completed: ${cursor.lastError}.${dead}`, fixHint: "Loris retries every few minutes; if this persists, contact Loris support." };
    return { status: "warn", message: `The first call log sync has not run yet.${dead}`, fixHint: "Nothing to do: it runs within a few minutes of the install." };
  }
  const lag = `Call log stored up to ${timeAgo(cursor.cursor, now)}.`;
  if (now - cursor.cursor.getTime() > FAIL_LAG_MS) return { status: "fail", message: `${lag}${cursor.lastError ? ` Last error: ${cursor.lastError}.` : ""}${dead}`, fixHint: "Run the checks again to see which Five9 call fails; Loris retries automatically." };
  if (now - cursor.cursor.getTime() > WARN_LAG_MS || cursor.lastError) return { status: "warn", message: `${lag}${cursor.lastError ? ` Last run failed: ${cursor.lastError}.` : ""}${dead}`, fixHint: "Loris retries every few minutes; nothing to do unless this persists." };
  if (open > 0) return { status: "warn", message: `${lag}${dead}`, fixHint: "Open the ingestion page to see each item and why it failed." };
  return { status: "pass", message: lag };
}

const ERROR_WINDOW_MS = 24 * 3_600_000;

/**
 * The "ingestion errors" check: the share of failed ingestion runs over the
 * last day, and a stopped recordings/transcripts stream (with what to do).
 */
export async function ingestionErrorHealth(tenantId: string, now = Date.now()): Promise<IngestionVerdict> {
  const media = await db().syncCursor.findUnique({ where: { tenantId_stream: { tenantId, stream: "media" } } });
  if (media?.stoppedAt) {
    return { status: "fail", message: `Recordings and transcripts are stopped: ${media.stopReason ?? "Five9 refused them"}.`, fixHint: FIX_BY_KIND[media.stopKind ?? ""] ?? "Save the Five9 user again on the History access step; ingestion restarts by itself." };
  }
  const since = new Date(now - ERROR_WINDOW_MS);
  const [runs, failed, mediaFailures] = await Promise.all([
    db().ingestRun.count({ where: { tenantId, startedAt: { gte: since }, outcome: { not: "running" } } }),
    db().ingestRun.count({ where: { tenantId, startedAt: { gte: since }, outcome: { in: ["failed", "stopped"] } } }),
    db().deadLetter.count({ where: { tenantId, kind: "media", resolvedAt: null } }),
  ]);
  const rate = runs > 0 ? failed / runs : 0;
  const mediaNote = mediaFailures > 0 ? ` ${mediaFailures} call${mediaFailures === 1 ? "'s" : "s'"} recording or transcript could not be stored.` : "";
  const summary = `${failed} of ${runs} ingestion runs failed in the last 24 hours.${mediaNote}`;
  if (rate > 0.5) return { status: "fail", message: summary, fixHint: "Open the ingestion page: the runs list shows each error. Loris retries, but most runs fail." };
  if (rate > 0.1 || mediaFailures > 0) return { status: "warn", message: summary, fixHint: "Open the ingestion page to see the errors and retry the dead letters." };
  return { status: "pass", message: runs === 0 ? "No ingestion runs in the last 24 hours yet." : summary };
}
