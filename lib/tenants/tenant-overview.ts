// Everything the tenant overview page shows, read in one go.
import { listTenantAudit } from "../audit-query";
import { db } from "../db";
import { healthHistory, latestHealthRun } from "../health/run-health-checks";
import { savedConnection, savedHistoryAccess } from "../install/saved-setup";
import { latestDeletion } from "../install/status-views";

export async function tenantOverview(tenantId: string) {
  const [install, connection, history, voiceStream, run, healthRuns, deletion, audit] = await Promise.all([
    db().install.findUnique({ where: { tenantId } }),
    savedConnection(tenantId),
    savedHistoryAccess(tenantId),
    db().voiceStreamSubscription.findUnique({ where: { tenantId }, select: { validatedAt: true, disabledAt: true, lastEventAt: true } }),
    latestHealthRun(tenantId),
    healthHistory(tenantId, 30),
    latestDeletion(tenantId),
    listTenantAudit(tenantId, { take: 20 }).then((page) => page.entries),
  ]);
  return { install, connection, supervisor: history.supervisor, legacy: history.legacy, voiceStream, run, history: healthRuns, deletion, audit };
}
