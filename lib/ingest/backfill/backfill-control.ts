// What a UI or support action does with backfills: create one over a date
// range (split into parts, a day each by default), pause, resume, cancel. The
// worker honours a status change between parts and between report windows.
import type { Backfill } from "@prisma/client";
import { db } from "../../db";
import { AppError } from "../../errors";

export const DEFAULT_PART_MS = 86_400_000;
/** Five9 keeps call logs for a long time, but a backfill beyond this is a mistake. */
const MAX_RANGE_MS = 3 * 366 * 86_400_000;

export function splitRange(from: number, to: number, partMs: number): { from: number; to: number }[] {
  const parts = [];
  for (let start = from; start < to; start += partMs) parts.push({ from: start, to: Math.min(start + partMs, to) });
  return parts;
}

export async function createBackfill(tenantId: string, input: { from: Date; to: Date; requestedBy?: string; partMs?: number }): Promise<Backfill> {
  const from = input.from.getTime();
  const to = input.to.getTime();
  if (!(to > from)) throw new AppError("validation_failed", "The end of the range must be after its start.", { fields: { to: "Choose an end after the start." } });
  if (to - from > MAX_RANGE_MS) throw new AppError("validation_failed", "A backfill covers at most three years.", { fields: { from: "Choose a shorter range." } });
  const parts = splitRange(from, to, input.partMs ?? DEFAULT_PART_MS);
  return db().backfill.create({
    data: {
      tenantId,
      from: input.from,
      to: input.to,
      requestedBy: input.requestedBy,
      totalParts: parts.length,
      parts: { create: parts.map((p, index) => ({ tenantId, index, from: new Date(p.from), to: new Date(p.to) })) },
    },
  });
}

async function transition(tenantId: string, backfillId: string, from: Backfill["status"][], to: Backfill["status"], verb: string): Promise<Backfill> {
  const updated = await db().backfill.updateMany({ where: { id: backfillId, tenantId, status: { in: from } }, data: { status: to, ...(to === "cancelled" ? { finishedAt: new Date() } : {}) } });
  const backfill = await db().backfill.findFirst({ where: { id: backfillId, tenantId } });
  if (!backfill) throw new AppError("not_found", "No such backfill.");
  if (updated.count === 0) throw new AppError("conflict", `This backfill is ${backfill.status}: it cannot be ${verb}.`);
  return backfill;
}

export const pauseBackfill = (tenantId: string, backfillId: string) => transition(tenantId, backfillId, ["queued", "running"], "paused", "paused");
/** Back to queued: the next backfill.run (or the scheduler) picks it up where it stopped. */
export const resumeBackfill = (tenantId: string, backfillId: string) => transition(tenantId, backfillId, ["paused", "failed"], "queued", "resumed");
export const cancelBackfill = (tenantId: string, backfillId: string) => transition(tenantId, backfillId, ["queued", "running", "paused", "failed"], "cancelled", "cancelled");
