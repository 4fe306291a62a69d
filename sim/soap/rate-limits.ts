// Five9's per-domain limits on Configuration Web Services calls, as sliding
// windows on the simulator clock (a minute, an hour, a day). A call past any
// window's limit is refused and not counted, so advancing the clock frees it.
import type { SimClock } from "../world/types";
import { SoapFault } from "./soap-fault";

export type OperationClass = "runReport" | "getReportResult" | "other";

export interface WindowLimits {
  perMinute: number;
  perHour: number;
  perDay: number;
}

export type SoapRateLimits = Record<OperationClass, WindowLimits>;

/** Five9's published limits (five9.md §2a). */
export const FIVE9_SOAP_LIMITS: SoapRateLimits = {
  runReport: { perMinute: 16, perHour: 120, perDay: 800 },
  getReportResult: { perMinute: 20, perHour: 200, perDay: 1000 },
  other: { perMinute: 450, perHour: 15_000, perDay: 172_800 },
};

const LABELS: Record<OperationClass, string> = { runReport: "runReport calls", getReportResult: "getReportResult/getReportResultCsv calls", other: "other calls" };

const WINDOWS = [
  { key: "perMinute", ms: 60_000, label: "minute" },
  { key: "perHour", ms: 3_600_000, label: "hour" },
  { key: "perDay", ms: 86_400_000, label: "day" },
] as const;

/** Which limit an operation counts against: getReportResult and getReportResultCsv share one. */
export function operationClass(operation: string): OperationClass {
  if (operation === "runReport") return "runReport";
  if (operation === "getReportResult" || operation === "getReportResultCsv") return "getReportResult";
  return "other";
}

export class SoapRateLimiter {
  private readonly limits: SoapRateLimits;
  /** Simulated times of counted calls, per domain and class, oldest first. */
  private readonly calls = new Map<string, number[]>();

  constructor(private readonly clock: SimClock, overrides: Partial<Record<OperationClass, Partial<WindowLimits>>> = {}) {
    this.limits = {
      runReport: { ...FIVE9_SOAP_LIMITS.runReport, ...overrides.runReport },
      getReportResult: { ...FIVE9_SOAP_LIMITS.getReportResult, ...overrides.getReportResult },
      other: { ...FIVE9_SOAP_LIMITS.other, ...overrides.other },
    };
  }

  /** Counts the call, or throws `OperationsLimitExceededFault` without counting it. */
  take(domainId: string, operation: string): void {
    const cls = operationClass(operation);
    const now = this.clock.now();
    const key = `${domainId}\u0000${cls}`;
    const times = (this.calls.get(key) ?? []).filter((t) => now - t < 86_400_000);
    this.calls.set(key, times);
    for (const window of WINDOWS) {
      const limit = this.limits[cls][window.key];
      const inWindow = times.filter((t) => now - t < window.ms);
      if (inWindow.length >= limit) {
        // The window frees a slot when its oldest counted call leaves it.
        const oldest = inWindow.reduce((a, b) => Math.min(a, b), now);
        const retrySeconds = Math.max(1, Math.ceil((oldest + window.ms - now) / 1000));
        throw new SoapFault(
          "Server",
          `Operations limit exceeded: ${limit} ${LABELS[cls]} per ${window.label} for domain ${domainId}; try again in ${retrySeconds} s`,
          "OperationsLimitExceededFault",
          { limit, operationType: cls === "other" ? operation : cls },
        );
      }
    }
    times.push(now);
  }
}
