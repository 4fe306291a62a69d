// The Call Log report over SOAP: runReport → isReportRunning (long poll) →
// getReportResultCsv. Every call first takes a slot from the domain's shared
// rate budget; transient failures are retried with backoff, and a limit fault
// or 429 blocks the budget for every worker for as long as Five9 said.
import { Five9Error } from "../../five9/errors";
import { escapeXml, soapCall, type SoapCredentials } from "../../five9/soap";
import type { Five9Region } from "../../five9/endpoints";
import { logger } from "../../log";
import { realClock, type IngestClock } from "../ingest-clock";
import { acquire, blockBudget } from "../rate-budget";
import { retryAfterMs, withRetry, type RetryPolicy } from "../retry";
import { describeWindow, type ReportWindow } from "./windows";

export interface SoapTarget {
  tenantId: string;
  domainId: string;
  region: Five9Region;
  credentials: SoapCredentials;
}

export interface ReportCallOptions {
  clock?: IngestClock;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  /** Rate budget: safety margin per window and the longest wait for a slot. */
  budget?: { marginMs?: number; maxWaitMs?: number };
  /** isReportRunning's long-poll timeout, seconds. */
  pollSeconds?: number;
  /** Counts Five9 calls and retries (runs and the benchmark report them). */
  stats?: ReportStats;
}

export interface ReportStats {
  calls: Record<string, number>;
  retries: number;
  limitFaults: number;
}

export const newReportStats = (): ReportStats => ({ calls: {}, retries: 0, limitFaults: 0 });

const MAX_POLLS = 120;

/** One SOAP operation through the shared budget, retried when transient. */
export async function budgetedSoapCall(target: SoapTarget, operation: string, inner: string, options: ReportCallOptions = {}) {
  const clock = options.clock ?? realClock;
  return withRetry(
    async () => {
      await acquire(target.domainId, "soap", operation, { clock, signal: options.signal, ...options.budget });
      if (options.stats) options.stats.calls[operation] = (options.stats.calls[operation] ?? 0) + 1;
      return soapCall(target.region, target.credentials, operation, inner);
    },
    {
      ...options.retry,
      clock,
      signal: options.signal,
      onRetry: async (error: Five9Error, attempt, waitMs) => {
        if (options.stats) options.stats.retries++;
        if (error.kind === "rate_limited") {
          if (options.stats) options.stats.limitFaults++;
          await blockBudget(target.domainId, "soap", operation, retryAfterMs(error) ?? waitMs, clock);
        }
        logger("call-log").warn({ tenantId: target.tenantId, operation, attempt, waitMs, kind: error.kind, err: error.message }, "Five9 call failed; retrying");
      },
    },
  );
}

const text = (value: unknown): string => (typeof value === "string" ? value : value === undefined || value === null ? "" : String(value));

/** The CSV text of the Call Log report for one window. */
export async function fetchCallLogCsv(target: SoapTarget, window: ReportWindow, options: ReportCallOptions = {}): Promise<string> {
  const criteria = `<criteria><time><start>${new Date(window.from).toISOString()}</start><end>${new Date(window.to).toISOString()}</end></time></criteria>`;
  const run = await budgetedSoapCall(target, "runReport", `<folderName>Call Log Reports</folderName><reportName>Call Log</reportName>${criteria}`, options);
  const id = text(run.return).trim();
  if (!id) throw new Five9Error("bad_response", `runReport for ${describeWindow(window)} returned no report id`);
  for (let poll = 0; ; poll++) {
    if (poll >= MAX_POLLS) throw new Five9Error("bad_response", `report ${id} for ${describeWindow(window)} was still running after ${MAX_POLLS} polls`);
    const running = await budgetedSoapCall(target, "isReportRunning", `<identifier>${escapeXml(id)}</identifier><timeout>${options.pollSeconds ?? 10}</timeout>`, options);
    if (text(running.return).trim() === "false") break;
  }
  const result = await budgetedSoapCall(target, "getReportResultCsv", `<identifier>${escapeXml(id)}</identifier>`, options);
  return text(result.return);
}

/** The domain's IANA time zone from getVCCConfiguration, when Five9 gives one. */
export async function fetchDomainTimeZone(target: SoapTarget, options: ReportCallOptions = {}): Promise<string | undefined> {
  const config = await budgetedSoapCall(target, "getVCCConfiguration", "", options);
  const ret = config.return as Record<string, unknown> | undefined;
  const assignment = ret?.timeZoneAssignment as Record<string, unknown> | undefined;
  const zone = text(assignment?.timeZone ?? ret?.timeZone).trim();
  return zone || undefined;
}
