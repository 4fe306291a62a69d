// Five9's published per-domain limits (docs/five9.md §2a), by API family and
// operation class. Five9 counts calls in sliding windows of a minute, an hour
// and a day; past any of them the call fails (SOAP OperationsLimitExceededFault,
// REST 429 + Retry-After).
export interface WindowLimits {
  perMinute?: number;
  perHour?: number;
  perDay?: number;
}

export interface RateFamily {
  classOf(operation: string): string;
  limits: Record<string, WindowLimits>;
}

export const RATE_FAMILIES = {
  /** SOAP AdminWebService (Call Log reports and configuration queries). */
  soap: {
    classOf: (op: string) => (op === "runReport" ? "runReport" : op === "getReportResult" || op === "getReportResultCsv" ? "getReportResult" : "other"),
    limits: {
      runReport: { perMinute: 16, perHour: 120, perDay: 800 },
      getReportResult: { perMinute: 20, perHour: 200, perDay: 1000 },
      other: { perMinute: 450, perHour: 15_000, perDay: 172_800 },
    },
  },
  /** Cloud REST APIs: Five9's "other queries" limit, one class for every call. */
  rest: {
    classOf: () => "all",
    limits: { all: { perMinute: 450, perHour: 15_000, perDay: 172_800 } },
  },
} satisfies Record<string, RateFamily>;

export type RateFamilyName = keyof typeof RATE_FAMILIES;

export const WINDOWS = [
  { key: "perMinute", ms: 60_000 },
  { key: "perHour", ms: 3_600_000 },
  { key: "perDay", ms: 86_400_000 },
] as const;

/** The most calls that sliding-window limits allow in `durationMs` from an idle start (greedy: call as soon as allowed). */
export function allowedCalls(limits: WindowLimits, durationMs: number): number {
  const times: number[] = [];
  for (let t = 0; t < durationMs; ) {
    let wait = 0;
    for (const w of WINDOWS) {
      const limit = limits[w.key];
      if (limit === undefined || times.length < limit) continue;
      const blocker = times[times.length - limit]!;
      if (t - blocker < w.ms) wait = Math.max(wait, blocker + w.ms - t);
    }
    if (wait === 0) times.push(t);
    else t += wait;
  }
  return times.length;
}
