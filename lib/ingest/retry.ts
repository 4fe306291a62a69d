// Retrying Five9 calls (call log, Supervisor, recordings, transcripts):
// transient failures (network, 5xx, rate limits) are retried with exponential
// backoff and full jitter so many workers hitting the same outage spread out;
// a Retry-After from Five9 is a floor, capped so a broken header cannot park a
// worker for hours. Anything permanent (credentials, migrated domain,
// forbidden) is thrown at once.
import { Five9Error } from "../five9/errors";
import { realClock, type IngestClock } from "./ingest-clock";

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseMs: number;
  maxMs: number;
  /** Longest Retry-After we wait for; a longer one is cut to this. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseMs: 500, maxMs: 60_000, maxRetryAfterMs: 120_000 };

export interface RetryOptions extends Partial<RetryPolicy> {
  clock?: IngestClock;
  signal?: AbortSignal;
  random?: () => number;
  /** Called before each wait (logging, recording a Retry-After in the shared budget). */
  onRetry?: (error: Five9Error, attempt: number, waitMs: number) => Promise<void> | void;
}

export function isTransient(error: unknown): error is Five9Error {
  return error instanceof Five9Error && error.transient;
}

/** Seconds Five9 asked us to wait: Retry-After, or the "try again in N s" of a SOAP limit fault. */
export function retryAfterMs(error: Five9Error): number | undefined {
  if (error.details.retryAfterSeconds !== undefined) return error.details.retryAfterSeconds * 1000;
  const m = /try again in (\d+) ?s/i.exec(error.message);
  return m ? Number(m[1]) * 1000 : undefined;
}

/**
 * Full-jitter backoff after failed try `attempt` (0 = the first): random in
 * [0, min(max, base·2^attempt)], never below Retry-After (itself capped).
 */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random, retryAfter?: number): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** attempt);
  const floor = retryAfter === undefined || retryAfter < 0 ? 0 : Math.min(retryAfter, policy.maxRetryAfterMs);
  return Math.max(floor, Math.round(random() * ceiling));
}

export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options };
  const clock = options.clock ?? realClock;
  const random = options.random ?? Math.random;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!isTransient(error) || attempt + 1 >= policy.attempts || options.signal?.aborted) throw error;
      const wait = backoffMs(attempt, policy, random, retryAfterMs(error));
      await options.onRetry?.(error, attempt + 1, wait);
      await clock.sleep(wait, options.signal);
    }
  }
}
