// A send-only handle on the job queue, for code that enqueues but does not
// run jobs (the web process; the ingestion scheduler). Started on first use
// and shared; the worker runs the jobs.
import PgBoss from "pg-boss";
import { databaseUrl } from "../env";
import { AppError } from "../errors";
import { logger } from "../log";
import type { JobContract, JobPayload } from "./define-job";
import { enqueue } from "./queue";

let started: Promise<PgBoss> | undefined;

function sendQueue(): Promise<PgBoss> {
  started ??= (async () => {
    const boss = new PgBoss({ connectionString: databaseUrl(), schema: "pgboss", application_name: "loris-send", supervise: false, schedule: false });
    boss.on("error", (error) => logger("send-queue").warn({ err: error }, "job queue error"));
    await boss.start();
    return boss;
  })().catch((error: unknown) => {
    started = undefined;
    throw error;
  });
  return started;
}

/** Enqueues a job by its contract (payload validated first). */
export async function enqueueFromWeb<C extends JobContract>(contract: C, payload: JobPayload<C>): Promise<string> {
  return enqueue(await sendQueue(), contract, payload);
}

/** Enqueues unless the same key was enqueued in this slot (pg-boss singleton); true when sent. */
export async function enqueueOnce<C extends JobContract>(contract: C, payload: JobPayload<C>, key: string, slotSeconds: number): Promise<boolean> {
  try {
    await enqueue(await sendQueue(), contract, payload, { singletonKey: key, singletonSeconds: slotSeconds });
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict") return false;
    throw error;
  }
}

export async function stopSendQueue(): Promise<void> {
  const boss = await started?.catch(() => undefined);
  started = undefined;
  await boss?.stop({ graceful: false, wait: true });
}
