// pg-boss on the application's own database (schema "pgboss").
import PgBoss from "pg-boss";
import { databaseUrl } from "../env";
import { AppError } from "../errors";
import { jobCatalog } from "./catalog";
import { zodMessage } from "../zod-error";

export function createQueue(url: string = databaseUrl()): PgBoss {
  return new PgBoss({ connectionString: url, schema: "pgboss", application_name: "loris-worker" });
}

/** Validates the payload against the job's schema, then enqueues it. */
export async function enqueue(boss: PgBoss, name: string, payload: unknown, options: PgBoss.SendOptions = {}): Promise<string> {
  const job = jobCatalog[name];
  if (!job) throw new AppError("bad_request", `Unknown job "${name}".`);
  const parsed = job.schema.safeParse(payload);
  if (!parsed.success) {
    throw new AppError("bad_request", `Invalid payload for job "${name}": ${zodMessage(parsed.error, { root: "payload" })}`);
  }
  await boss.createQueue(name);
  const id = await boss.send(name, parsed.data as object, { retryLimit: job.retryLimit ?? 3, retryBackoff: true, ...options });
  if (!id) throw new AppError("conflict", `Job "${name}" was not enqueued (a singleton is already queued).`);
  return id;
}
