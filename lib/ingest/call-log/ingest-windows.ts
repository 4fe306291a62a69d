// Reads and stores call log windows in order — the code shared by the
// incremental sync and backfills. Per window: fetch the report, parse it, and
// if it is full (50,000 rows: maybe truncated) split it in halves and read
// those instead; otherwise store its calls, its rejected rows (dead letters)
// and the caller's progress (cursor, backfill part) in one transaction.
import type { Prisma } from "@prisma/client";
import { db } from "../../db";
import { Five9Error } from "../../five9/errors";
import { logger } from "../../log";
import { campaignFilterFor } from "../campaign-filter";
import { recordDeadLetter, resolveDeadLetters } from "../dead-letters";
import type { CallLogSource } from "./call-log-source";
import { CallLogFormatError, parseCallLogCsv, type ParsedCallLog } from "./parse-call-log";
import { fetchCallLogCsv, type ReportCallOptions } from "./report-client";
import { upsertCalls } from "./upsert-calls";
import { describeWindow, halve, MIN_WINDOW_MS, REPORT_ROW_CAP, type ReportWindow } from "./windows";

export interface WindowTotals {
  windows: number;
  splits: number;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Rows of campaigns the admin did not choose: read, not stored. */
  otherCampaigns: number;
}

export const emptyTotals = (): WindowTotals => ({ windows: 0, splits: 0, rows: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0, otherCampaigns: 0 });

export interface IngestWindowsOptions extends ReportCallOptions {
  /** Runs inside the transaction that stores a window (advance a cursor, count backfill progress). */
  afterStore?: (tx: Prisma.TransactionClient, window: ReportWindow, stored: WindowTotals) => Promise<void>;
  /** Asked before each window; false stops (pause, cancel, shutdown). */
  shouldContinue?: () => Promise<boolean> | boolean;
  /** Tries per window when Five9's answer is unusable (expired report, unreadable CSV). */
  windowAttempts?: number;
  /** Rows at which a result counts as full (Five9: 50,000). */
  rowCap?: number;
}

/** A window that kept failing; it is in the dead letters. */
export class WindowFailed extends Error {
  constructor(readonly window: ReportWindow, message: string, readonly cause: unknown) {
    super(message);
    this.name = "WindowFailed";
  }
}

const windowKey = (w: ReportWindow) => describeWindow(w);

/** What Five9 answered, in the dead letter's reason. */
function windowFailureReason(error: unknown, window: ReportWindow, attempts: number): string {
  const tries = `${attempts} ${attempts === 1 ? "try" : "tries"}`;
  if (error instanceof Five9Error && error.details.status) return `Five9 answered ${error.details.status} on the call log report for ${windowKey(window)} (${tries})`;
  if (error instanceof CallLogFormatError) return `Five9's call log for ${windowKey(window)} could not be read: ${error.message} (${tries})`;
  return `Five9's answer to the call log report for ${windowKey(window)} could not be used: ${error instanceof Error ? error.message : String(error)} (${tries})`;
}

async function readWindow(source: CallLogSource, window: ReportWindow, options: IngestWindowsOptions): Promise<ParsedCallLog> {
  const attempts = options.windowAttempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      const csv = await fetchCallLogCsv(source, window, options);
      return parseCallLogCsv(csv, window, source.timeZone);
    } catch (error) {
      const unusable = error instanceof CallLogFormatError || (error instanceof Five9Error && error.kind === "bad_response");
      const message = error instanceof Error ? error.message : String(error);
      if (!unusable) throw error;
      logger("call-log").warn({ tenantId: source.tenantId, window: windowKey(window), attempt, err: message }, "call log window unusable; reading it again");
      if (attempt >= attempts) {
        await recordDeadLetter({ tenantId: source.tenantId, kind: "call_log_window", itemKey: windowKey(window), window: { from: window.from, to: window.to }, reason: windowFailureReason(error, window, attempts), lastError: message });
        throw new WindowFailed(window, `call log window ${windowKey(window)} failed: ${message}`, error);
      }
    }
  }
}

async function storeWindow(source: CallLogSource, window: ReportWindow, parsed: ParsedCallLog, options: IngestWindowsOptions): Promise<WindowTotals> {
  const log = logger("call-log");
  if (parsed.unknownColumns.length > 0) log.warn({ tenantId: source.tenantId, window: windowKey(window), columns: parsed.unknownColumns }, "call log has columns Loris does not know; kept in the raw row");
  return db().$transaction(
    async (tx) => {
      // The choice is read in the transaction that stores: a change applies from the next window on.
      const filter = await campaignFilterFor(source.tenantId, tx);
      const calls = parsed.calls.filter((c) => filter.allows(c.campaign));
      const rejected = parsed.rejected.filter((r) => r.campaign === null || filter.allows(r.campaign));
      for (const row of rejected) log.warn({ tenantId: source.tenantId, five9CallId: row.five9CallId, line: row.line, window: windowKey(window), reason: row.reason }, "call log row rejected; sent to dead letters");
      const counts = await upsertCalls(source.tenantId, calls, tx);
      for (const row of rejected) {
        const itemKey = row.five9CallId ?? `${windowKey(window)} line ${row.line}`;
        await recordDeadLetter({ tenantId: source.tenantId, kind: "call_log_row", itemKey, five9CallId: row.five9CallId, window: { from: window.from, to: window.to }, reason: `Malformed call log row: ${row.reason}`, lastError: row.text }, tx);
      }
      await resolveDeadLetters(source.tenantId, "call_log_row", calls.map((c) => c.five9CallId), tx);
      await resolveDeadLetters(source.tenantId, "call_log_window", [windowKey(window)], tx);
      const stored: WindowTotals = { ...emptyTotals(), windows: 1, rows: parsed.rowCount, rejected: rejected.length, otherCampaigns: parsed.calls.length - calls.length + parsed.rejected.length - rejected.length, ...counts };
      await options.afterStore?.(tx, window, stored);
      return stored;
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
}

/** Reads and stores the windows in order; `completed` is false when `shouldContinue` stopped it. */
export async function ingestWindows(source: CallLogSource, windows: ReportWindow[], options: IngestWindowsOptions = {}): Promise<{ totals: WindowTotals; completed: boolean }> {
  const totals = emptyTotals();
  const cap = options.rowCap ?? REPORT_ROW_CAP;
  const queue = [...windows];
  while (queue.length > 0) {
    if (options.shouldContinue && !(await options.shouldContinue())) return { totals, completed: false };
    const window = queue.shift()!;
    const parsed = await readWindow(source, window, options);
    if (parsed.rowCount >= cap && window.to - window.from > MIN_WINDOW_MS) {
      totals.splits++;
      queue.unshift(...halve(window));
      continue;
    }
    if (parsed.rowCount >= cap) logger("call-log").error({ tenantId: source.tenantId, window: windowKey(window) }, "a one-minute call log window is full; rows past the cap may be missing");
    const stored = await storeWindow(source, window, parsed, options);
    for (const key of Object.keys(totals) as (keyof WindowTotals)[]) if (key !== "splits") totals[key] += stored[key];
  }
  return { totals, completed: true };
}
