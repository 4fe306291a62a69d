// Queuing gap repair: whichever of a call's live audio and recording arrives
// last queues it (finalisation, a stored API recording, the legacy match);
// the scheduled sweep catches whatever a lost send missed. Sends only when
// the call has both, so receivers and recording runs without the other half
// never touch the job queue.
import { Prisma } from "@prisma/client";
import { db } from "../db";
import { liveAudioRepairContract } from "../jobs/contracts";
import { enqueueFromWeb } from "../jobs/web-queue";
import { logger } from "../log";

/** Calls whose repair is due: live audio and a recording, and no check since the newer of the WAVs and the recording. */
export async function callsDueForRepair(options: { tenantId?: string; limit?: number; callId?: string } = {}): Promise<{ callId: string; tenantId: string }[]> {
  const limit = options.limit ?? 500;
  // Plain predicates (not "$1 IS NULL OR …"), so the one-call check run after every stored recording uses the (callId, leg) index.
  const scope = options.callId ? Prisma.sql`a."callId" = ${options.callId}` : options.tenantId ? Prisma.sql`a."tenantId" = ${options.tenantId}` : Prisma.sql`TRUE`;
  const alsoTenant = options.callId && options.tenantId ? Prisma.sql`AND a."tenantId" = ${options.tenantId}` : Prisma.empty;
  return db().$queryRaw<{ callId: string; tenantId: string }[]>`
    SELECT a."callId", a."tenantId" FROM "LiveAudio" a
    WHERE ${scope} ${alsoTenant}
      AND EXISTS (SELECT 1 FROM "CallRecording" r WHERE r."callId" = a."callId")
      AND NOT EXISTS (SELECT 1 FROM "StreamSession" s WHERE s."callId" = a."callId" AND s."endedAt" IS NULL)
    GROUP BY a."callId", a."tenantId"
    HAVING bool_or(a."repairCheckedAt" IS NULL OR a."repairCheckedAt" < a."storedAt"
        OR EXISTS (SELECT 1 FROM "CallRecording" r WHERE r."callId" = a."callId" AND r."storedAt" > a."repairCheckedAt"))
    LIMIT ${limit}`;
}

/** Queues the call's repair if it is due (its live audio and recording are both there). Never throws: the sweep retries. */
export async function queueLiveAudioRepair(callId: string): Promise<boolean> {
  try {
    const [due] = await callsDueForRepair({ callId, limit: 1 });
    if (!due) return false;
    await enqueueFromWeb(liveAudioRepairContract, { callId });
    return true;
  } catch (error) {
    logger("live-audio.repair").warn({ err: error, callId }, "could not queue gap repair (the sweep will)");
    return false;
  }
}

/** Queues the repair of every due call of a tenant (after a set-based step stored many recordings). Never throws. */
export async function queueDueRepairs(tenantId: string): Promise<number> {
  try {
    const due = await callsDueForRepair({ tenantId });
    for (const { callId } of due) await enqueueFromWeb(liveAudioRepairContract, { callId });
    return due.length;
  } catch (error) {
    logger("live-audio.repair").warn({ err: error, tenantId }, "could not queue gap repairs (the sweep will)");
    return 0;
  }
}
