// Enqueueing ingestion jobs from the scheduler job, with pg-boss throttling
// (singletonKey + singletonSeconds) so a tenant never has two syncs queued in
// one slot. A send-only pg-boss handle, started on first use, like the web's.
import PgBoss from "pg-boss";
import { databaseUrl } from "../env";
import { AppError } from "../errors";
import { enqueue } from "../jobs/queue";
import { logger } from "../log";

let started: Promise<PgBoss> | undefined;

function queue(): Promise<PgBoss> {
  started ??= (async () => {
    const boss = new PgBoss({ connectionString: databaseUrl(), schema: "pgboss", application_name: "loris-ingest", supervise: false, schedule: false });
    boss.on("error", (error) => logger("ingest-queue").warn({ err: error }, "job queue error"));
    await boss.start();
    return boss;
  })().catch((error: unknown) => {
    started = undefined;
    throw error;
  });
  return started;
}

/** Enqueues unless the same key was enqueued in this slot; true when sent. */
export async function enqueueOnce(name: string, payload: unknown, key: string, slotSeconds: number): Promise<boolean> {
  try {
    await enqueue(await queue(), name, payload, { singletonKey: key, singletonSeconds: slotSeconds });
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === "conflict") return false;
    throw error;
  }
}

export async function stopIngestQueue(): Promise<void> {
  const boss = await started?.catch(() => undefined);
  started = undefined;
  await boss?.stop({ graceful: false, wait: true });
}
