// Per-tenant cursors of the ingestion streams. The cursor only moves forward
// (GREATEST), and only inside the transaction that stored the window it
// covers — so a failed write leaves it where it was. A permanent failure
// (credentials refused, domain migrated) stops the stream until it is fixed.
import type { Prisma, PrismaClient, SyncCursor } from "@prisma/client";
import { db } from "../db";

type Client = Prisma.TransactionClient | PrismaClient;

export const CALL_LOG_STREAM = "call_log";

export async function getCursor(tenantId: string, stream: string): Promise<SyncCursor> {
  return db().syncCursor.upsert({ where: { tenantId_stream: { tenantId, stream } }, create: { tenantId, stream }, update: {} });
}

export async function advanceCursor(tenantId: string, stream: string, to: Date, client: Client): Promise<void> {
  await client.$executeRaw`
    UPDATE "SyncCursor" SET cursor = GREATEST(COALESCE(cursor, ${to}), ${to}), "updatedAt" = now()
    WHERE "tenantId" = ${tenantId} AND stream = ${stream}`;
}

export async function stopStream(tenantId: string, stream: string, kind: string, reason: string): Promise<void> {
  await db().syncCursor.update({ where: { tenantId_stream: { tenantId, stream } }, data: { stoppedAt: new Date(), stopKind: kind, stopReason: reason, lastError: reason } });
}

export async function clearStop(tenantId: string, stream: string): Promise<void> {
  await db().syncCursor.update({ where: { tenantId_stream: { tenantId, stream } }, data: { stoppedAt: null, stopKind: null, stopReason: null } });
}

/**
 * Runs `work` only if no other run holds this tenant's stream: the lease is
 * taken with one conditional UPDATE (two workers cannot both win), kept for
 * `leaseMs` (renew it with the callback for longer work) and released after.
 * Renewing and releasing only touch our own lease (matched by its expiry), so
 * a run that outlived its lease never cuts short the next holder's.
 * Answers null without running `work` when another run holds it.
 */
export async function withStreamLease<T>(tenantId: string, stream: string, leaseMs: number, work: (renew: () => Promise<void>) => Promise<T>): Promise<T | null> {
  const cursor = await getCursor(tenantId, stream);
  const taken = await db().$queryRaw<{ until: Date }[]>`
    UPDATE "SyncCursor" SET "leaseUntil" = now() + ${leaseMs} * interval '1 millisecond', "updatedAt" = now()
    WHERE id = ${cursor.id} AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
    RETURNING "leaseUntil" AS until`;
  if (!taken[0]) return null;
  let held = taken[0].until;
  const renew = async () => {
    const renewed = await db().$queryRaw<{ until: Date }[]>`
      UPDATE "SyncCursor" SET "leaseUntil" = now() + ${leaseMs} * interval '1 millisecond'
      WHERE id = ${cursor.id} AND "leaseUntil" = ${held} RETURNING "leaseUntil" AS until`;
    if (renewed[0]) held = renewed[0].until;
  };
  try {
    return await work(renew);
  } finally {
    await db().$executeRaw`UPDATE "SyncCursor" SET "leaseUntil" = NULL WHERE id = ${cursor.id} AND "leaseUntil" = ${held}`;
  }
}
