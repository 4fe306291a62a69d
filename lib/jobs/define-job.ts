// A job is a name, a zod schema for its payload and a handler. The catalog
// (catalog.ts) lists them; the worker runs them; enqueue() validates payloads
// before anything reaches the queue.
import type { z } from "zod";
import type { Logger } from "pino";

export interface JobContext {
  jobId: string;
  log: Logger;
  /** Aborted when the worker shuts down; long jobs should stop at a safe point. */
  signal: AbortSignal;
}

export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  schema: S;
  handler: (payload: z.infer<S>, context: JobContext) => Promise<unknown>;
  /** Cron (UTC) on which the worker schedules it, with this payload. */
  schedule?: { cron: string; payload: z.input<S> };
  retryLimit?: number;
  expireInSeconds?: number;
}

export function defineJob<S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> {
  return definition;
}
