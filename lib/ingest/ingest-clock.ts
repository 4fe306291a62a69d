// The time ingestion runs on. Production uses the wall clock; tests and the
// report-budget benchmark pass the simulator's clock so rate windows, cursors
// and "now" agree with the simulated Five9 (which may run faster than real time).
export interface IngestClock {
  now(): number;
  /** Waits `ms` of this clock's time; rejects when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function realSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason ?? new Error("aborted"));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error("aborted"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export const realClock: IngestClock = { now: () => Date.now(), sleep: realSleep };
