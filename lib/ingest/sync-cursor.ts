// Per-tenant cursors of the ingestion streams. The cursor only moves forward
// (GREATEST), and only inside the transaction that stored the window it
// covers — so a failed write leaves it where it was. A permanent failure
// (credentials refused, domain migrated) stops the stream until it is fixed.
import { Prisma, type PrismaClient, type SyncCursor } from "@prisma/client";
import { db } from "../db";

type Client = Prisma.TransactionClient | PrismaClient;

export const CALL_LOG_STREAM = "call_log";
/** The lease every backfill run of a tenant takes (one at a time per tenant; they share its rate budget anyway). */
export const BACKFILL_STREAM = "backfill";

/**
 * Work may be done for the tenant `t`: it is not uninstalled and no deletion
 * of its data is queued or running. Checked in the same statement that takes
 * a lease, so once a deletion has closed the gate no new run starts, and the
 * deletion only has to wait for the leases already held.
 */
const openTenant = (tenantIdColumn: Prisma.Sql) => Prisma.sql`EXISTS (
  SELECT 1 FROM "Tenant" t WHERE t.id = ${tenantIdColumn} AND t.status <> 'uninstalled'
    AND NOT EXISTS (SELECT 1 FROM "DataDeletion" d WHERE d."tenantId" = t.id AND d.status IN ('queued', 'running')))`;

/** Whether jobs may still work for this tenant (see openTenant). */
export async function tenantOpenForWork(tenantId: string): Promise<boolean> {
  const rows = await db().$queryRaw<{ open: boolean }[]>`SELECT ${openTenant(Prisma.sql`${tenantId}`)} AS open`;
  return Boolean(rows[0]?.open);
}

/** Leases held now on any of the tenant's streams (a deletion waits for these). */
export async function heldLeases(tenantId: string): Promise<number> {
  return db().syncCursor.count({ where: { tenantId, leaseUntil: { gt: new Date() } } });
}

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
 * Answers null without running `work` when another run holds it, or when
 * the tenant is closed for work (uninstalled, its data being deleted: ask
 * tenantOpenForWork which) — then not even its cursor row is created.
 */
export async function withStreamLease<T>(tenantId: string, stream: string, leaseMs: number, work: (renew: () => Promise<void>) => Promise<T>): Promise<T | null> {
  await db().$executeRaw`
    INSERT INTO "SyncCursor" (id, "tenantId", stream, "updatedAt")
    SELECT gen_random_uuid()::text, ${tenantId}, ${stream}, now() WHERE ${openTenant(Prisma.sql`${tenantId}`)}
    ON CONFLICT ("tenantId", stream) DO NOTHING`;
  const taken = await db().$queryRaw<{ id: string; until: Date }[]>`
    UPDATE "SyncCursor" c SET "leaseUntil" = now() + ${leaseMs} * interval '1 millisecond', "updatedAt" = now()
    WHERE c."tenantId" = ${tenantId} AND c.stream = ${stream} AND (c."leaseUntil" IS NULL OR c."leaseUntil" < now())
      AND ${openTenant(Prisma.sql`c."tenantId"`)}
    RETURNING c.id, c."leaseUntil" AS until`;
  if (!taken[0]) return null;
  const cursor = { id: taken[0].id };
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
