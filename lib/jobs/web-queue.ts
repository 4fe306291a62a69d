// The web process's handle on the job queue: enqueue only (the worker runs
// the jobs). Started on first use and shared by every request.
import PgBoss from "pg-boss";
import { databaseUrl } from "../env";
import { logger } from "../log";
import { enqueue } from "./queue";

let started: Promise<PgBoss> | undefined;

function webQueue(): Promise<PgBoss> {
  started ??= (async () => {
    const boss = new PgBoss({ connectionString: databaseUrl(), schema: "pgboss", application_name: "loris-web", supervise: false, schedule: false });
    boss.on("error", (error) => logger("web-queue").warn({ err: error }, "job queue error"));
    await boss.start();
    return boss;
  })().catch((error: unknown) => {
    started = undefined;
    throw error;
  });
  return started;
}

/** Enqueues a catalog job from the web process (payload validated first). */
export async function enqueueFromWeb(name: string, payload: unknown): Promise<string> {
  return enqueue(await webQueue(), name, payload);
}
