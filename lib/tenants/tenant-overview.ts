// Everything the tenant overview page shows, read in one go.
import { listTenantAudit } from "../audit-query";
import { db } from "../db";
import { healthHistory, latestHealthRun } from "../health/run-health-checks";
import { savedConnection, savedHistoryAccess } from "../install/saved-setup";
import { pendingFive9Leftovers } from "../install/five9-leftovers";
import { latestDeletion, tenantStatusView } from "../install/status-views";

export async function tenantOverview(tenantId: string) {
  // Every card's wording of the connection comes from tenantStatusView (one truth), never from the rows here.
  const [install, connection, history, voiceStream, run, healthRuns, deletion, audit, leftovers, status] = await Promise.all([
    db().install.findUnique({ where: { tenantId } }),
    savedConnection(tenantId),
    savedHistoryAccess(tenantId),
    db().voiceStreamSubscription.findUnique({ where: { tenantId }, select: { validatedAt: true, disabledAt: true, lastEventAt: true } }),
    latestHealthRun(tenantId),
    healthHistory(tenantId, 30),
    latestDeletion(tenantId),
    listTenantAudit(tenantId, { take: 20 }).then((page) => page.entries),
    pendingFive9Leftovers(tenantId),
    tenantStatusView(tenantId),
  ]);
  return { install, connection, supervisor: history.supervisor, legacy: history.legacy, voiceStream, run, history: healthRuns, deletion, audit, leftovers, status };
}
