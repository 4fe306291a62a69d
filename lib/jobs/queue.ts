// pg-boss on the application's own database (schema "pgboss").
import PgBoss from "pg-boss";
import { databaseUrl } from "../env";
import { AppError } from "../errors";
import type { JobContract, JobPayload } from "./define-job";
import { zodMessage } from "../zod-error";

export function createQueue(url: string = databaseUrl()): PgBoss {
  return new PgBoss({ connectionString: url, schema: "pgboss", application_name: "loris-worker" });
}

/** Validates the payload against the job's contract, then enqueues it. */
export async function enqueue<C extends JobContract>(boss: PgBoss, contract: C, payload: JobPayload<C>, options: PgBoss.SendOptions = {}): Promise<string> {
  const parsed = contract.schema.safeParse(payload);
  if (!parsed.success) {
    throw new AppError("bad_request", `Invalid payload for job "${contract.name}": ${zodMessage(parsed.error, { root: "payload" })}`);
  }
  await boss.createQueue(contract.name);
  const sendOptions: PgBoss.SendOptions = { retryLimit: contract.retryLimit ?? 3, retryBackoff: true, ...options };
  if (contract.expireInSeconds) sendOptions.expireInSeconds ??= contract.expireInSeconds;
  const id = await boss.send(contract.name, parsed.data as object, sendOptions);
  if (!id) throw new AppError("conflict", `Job "${contract.name}" was not enqueued (a singleton is already queued).`);
  return id;
}
