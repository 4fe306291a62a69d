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
