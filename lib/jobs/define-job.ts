// A job is a contract — its name and the zod schema of its payload — and a
// handler. Senders import only the contract (lib/jobs/contracts.ts), so
// enqueuing never loads a handler and its dependencies; the worker alone binds
// handlers (lib/jobs/catalog.ts). Payloads are validated when enqueued and
// again when run.
import type { z } from "zod";
import type { Logger } from "pino";

export interface JobContract<N extends string = string, S extends z.ZodType = z.ZodType> {
  name: N;
  description: string;
  schema: S;
  /** Queue options a send applies (a sender knows them without the handler). */
  retryLimit?: number;
  expireInSeconds?: number;
}

/** A contract's payload as a sender writes it. */
export type JobPayload<C extends JobContract> = z.input<C["schema"]>;

export function jobContract<const N extends string, S extends z.ZodType>(contract: JobContract<N, S>): JobContract<N, S> {
  return contract;
}

export interface JobContext {
  jobId: string;
  log: Logger;
  /** Aborted when the worker shuts down; long jobs should stop at a safe point. */
  signal: AbortSignal;
}

export interface JobRunOptions<S extends z.ZodType> {
  handler: (payload: z.infer<S>, context: JobContext) => Promise<unknown>;
  /** Cron (UTC) on which the worker schedules it, with this payload. */
  schedule?: { cron: string; payload: z.input<S> };
  /** How many of this job one worker runs at once (default 1, or WORKER_CONCURRENCY for jobs that allow it). */
  concurrency?: number;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> extends JobContract<string, S>, JobRunOptions<S> {}

/** Binds a handler to a contract; only the worker's catalog imports the result. */
export function defineJob<S extends z.ZodType>(contract: JobContract<string, S>, options: JobRunOptions<S>): JobDefinition<S> {
  return { ...contract, ...options };
}
