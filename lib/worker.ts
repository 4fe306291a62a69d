// The worker process: runs every job of the catalog on pg-boss, schedules the
// periodic ones, answers /healthz, and on SIGTERM stops taking work and lets
// in-flight jobs finish (or releases them to be retried) before exiting.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type PgBoss from "pg-boss";
import { jobCatalog } from "./jobs/catalog";
import type { JobDefinition } from "./jobs/define-job";
import { createQueue } from "./jobs/queue";
import { logger } from "./log";
import { zodMessage } from "./zod-error";

export interface RunningWorker {
  boss: PgBoss;
  healthPort: number;
  stop(): Promise<void>;
}

export interface WorkerOptions {
  databaseUrl?: string;
  healthPort: number;
  shutdownTimeoutMs?: number;
  pollingIntervalSeconds?: number;
  /** The jobs to run; the full catalog unless a test narrows it. */
  catalog?: Record<string, JobDefinition>;
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  const catalog = options.catalog ?? jobCatalog;
  const log = logger("worker");
  const boss = createQueue(options.databaseUrl);
  const shutdown = new AbortController();
  let state: "starting" | "running" | "stopping" = "starting";
  const counters = { completed: 0, failed: 0, active: 0 };
  // Only message and code: pg errors carry the whole client (with its config) otherwise.
  boss.on("error", (error: Error & { code?: string }) => {
    const summary = { message: error.message, code: error.code };
    if (state === "stopping") log.warn(summary, "queue error while stopping");
    else log.error(summary, "queue error");
  });
  await boss.start();

  for (const job of Object.values(catalog)) {
    await boss.createQueue(job.name);
    await boss.work(job.name, { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async ([item]) => {
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
    });
    if (job.schedule) await boss.schedule(job.name, job.schedule.cron, job.schedule.payload as object, { tz: "UTC" });
  }
  state = "running";

  const health = http.createServer((req, res) => {
    if (req.url !== "/healthz") {
      res.writeHead(404).end();
      return;
    }
    const ok = state === "running";
    res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
    res.end(JSON.stringify({ status: state, jobs: Object.keys(catalog), ...counters }));
  });
  await new Promise<void>((resolve) => health.listen(options.healthPort, "127.0.0.1", resolve));
  const healthPort = (health.address() as AddressInfo).port;
  log.info({ healthPort, jobs: Object.keys(catalog) }, "worker started");

  return {
    boss,
    healthPort,
    async stop() {
      if (state === "stopping") return;
      state = "stopping";
      shutdown.abort();
      log.info("worker stopping: finishing in-flight jobs");
      // graceful: wait for active handlers up to the timeout; jobs still
      // running then are failed back to the queue and retried elsewhere.
      await boss.stop({ graceful: true, wait: true, timeout: options.shutdownTimeoutMs ?? 30_000 });
      await new Promise<void>((resolve) => health.close(() => resolve()));
      log.info("worker stopped");
    },
  };
}
