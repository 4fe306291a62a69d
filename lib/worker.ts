// The worker process: runs every job of the catalog on pg-boss, schedules the
// periodic ones, answers /healthz, and on SIGTERM stops taking work and lets
// in-flight jobs finish (or releases them to be retried) before exiting.
import type PgBoss from "pg-boss";
import { jobCatalog } from "./jobs/catalog";
import type { JobDefinition } from "./jobs/define-job";
import { createQueue } from "./jobs/queue";
import { logger } from "./log";
import { startHealthServer, type ServiceState } from "./process-runner";
import { zodMessage } from "./zod-error";

export interface RunningWorker {
  boss: PgBoss;
  healthPort: number;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  databaseUrl?: string;
  healthPort: number;
  /** Address /healthz listens on (default 127.0.0.1). */
  healthHost?: string;
  /** Jobs of one kind run at once, for kinds whose definition allows more than one (default 1). */
  concurrency?: number;
  shutdownTimeoutMs?: number;
  pollingIntervalSeconds?: number;
  /** The jobs to run; the full catalog unless a test narrows it. */
  catalog?: Record<string, JobDefinition>;
}

/** Postgres shutting down or gone: admin/crash shutdown (57P01/57P02), "the database system is shutting down" (57P03), refused or cut connections. */
export function isDatabaseGone(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (code === "57P01" || code === "57P02" || code === "57P03" || code === "ECONNREFUSED" || code === "ECONNRESET") return true;
  return /the database system is shutting down|terminating connection due to administrator command|Connection terminated/i.test(error.message);
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const catalog = options.catalog ?? jobCatalog;
  const log = logger("worker");
  const boss = createQueue(options.databaseUrl);
  const shutdown = new AbortController();
  let state: ServiceState = "starting";
  const counters = { completed: 0, failed: 0, active: 0 };
  // Only message and code: pg errors carry the whole client (with its config) otherwise.
  boss.on("error", (error: Error & { code?: string }) => {
    const summary = { message: error.message, code: error.code };
    if (state === "stopping") log.warn(summary, "queue error while stopping");
    else log.error(summary, "queue error");
  });
  const databaseGone = (error: unknown) => {
    const { message, code } = error as { message?: string; code?: string };
    log.warn({ message, code }, "the database shut down before the worker finished; unfinished jobs go back to the queue when it is back");
  };
  const whileStopping = (reason: unknown) => {
    if (!isDatabaseGone(reason)) throw reason;
    databaseGone(reason);
  };
  await boss.start();

  for (const job of Object.values(catalog)) {
    await boss.createQueue(job.name);
    // pg-boss runs one handler per work() registration: register as many as the job may run at once.
    const slots = job.concurrency ?? options.concurrency ?? 1;
    const handle = async ([item]: PgBoss.Job<unknown>[]) => {
      if (!item) return;
      const jobLog = log.child({ job: job.name, jobId: item.id });
      const parsed = job.schema.safeParse(item.data);
      if (!parsed.success) {
        // A bad payload never succeeds on retry: fail with the reason.
        counters.failed++;
        throw new Error(`Invalid payload: ${zodMessage(parsed.error, { root: "payload" })}`);
      }
      counters.active++;
      try {
        const result = await job.handler(parsed.data, { jobId: item.id, log: jobLog, signal: shutdown.signal });
        counters.completed++;
        return result;
      } catch (error) {
        counters.failed++;
        jobLog.error({ err: error }, "job failed");
        throw error;
      } finally {
        counters.active--;
      }
    };
    for (let slot = 0; slot < slots; slot++) await boss.work(job.name, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, handle);
    if (job.schedule) await boss.schedule(job.name, job.schedule.cron, job.schedule.payload as object, { tz: "UTC" });
  }
  state = "running";

  const health = await startHealthServer(
    { state: () => state, details: () => ({ jobs: Object.keys(catalog), ...counters }) },
    { port: options.healthPort, host: options.healthHost ?? "127.0.0.1" },
  );
  const healthPort = health.port;
  log.info({ healthPort, jobs: Object.keys(catalog) }, "worker started");

  return {
    boss,
    healthPort,
    async stop() {
      if (state === "stopping") return;
      state = "stopping";
      shutdown.abort();
      log.info("worker stopping: finishing in-flight jobs");
      // On Ctrl-C the database gets the same SIGINT and may shut down first.
      // pg-boss then fails to record a job's end in a promise nobody awaits:
      // while stopping, such a rejection is expected, not a crash.
      process.on("unhandledRejection", whileStopping);
      // graceful: wait for active handlers up to the timeout; jobs still
      // running then are failed back to the queue and retried elsewhere.
      try {
        await boss.stop({ graceful: true, wait: true, timeout: options.shutdownTimeoutMs ?? 30_000 });
      } catch (error) {
        if (!isDatabaseGone(error)) throw error;
        databaseGone(error);
      }
      await health.close();
      // Late rejections of the same kind may still come; stop tolerating them after a while.
      setTimeout(() => process.off("unhandledRejection", whileStopping), 10_000).unref();
      log.info("worker stopped");
    },
  };
}
