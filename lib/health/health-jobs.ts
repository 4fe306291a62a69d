// Scheduled health checks: the schedule queues one run per tenant (so a slow
// tenant never holds up the others, and several workers share the work);
// each tenant's run keeps its history.
import { db } from "../db";
import { defineJob } from "../jobs/define-job";
import { scheduledHealthContract, tenantHealthContract } from "../jobs/contracts";
import { enqueueOnce } from "../jobs/web-queue";
import { executeHealthRun, startHealthRun } from "./run-health-checks";

const PAGE = 500;

export const scheduledHealthJob = defineJob(scheduledHealthContract, {
  schedule: { cron: "*/15 * * * *", payload: {} },
  handler: async (_payload, { log }) => {
    let queued = 0;
    let tenants = 0;
    let cursor: string | undefined;
    for (;;) {
      const page = await db().tenant.findMany({
        where: { status: { in: ["installed", "needs_reauthorization"] } },
        select: { id: true },
        orderBy: { id: "asc" },
        take: PAGE,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      for (const { id } of page) if (await enqueueOnce(tenantHealthContract, { tenantId: id }, `health:${id}`, 600)) queued++;
      tenants += page.length;
      if (page.length < PAGE) break;
      cursor = page.at(-1)?.id;
    }
    log.info({ tenants, queued }, "scheduled health runs queued");
    return { tenants, queued };
  },
});

export const tenantHealthJob = defineJob(tenantHealthContract, {
  handler: async ({ tenantId }, { log }) => {
    const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { status: true } });
    if (!tenant || !["installed", "needs_reauthorization"].includes(tenant.status)) return { outcome: "skipped" };
    const run = await startHealthRun(tenantId, "scheduled");
    const counts = await executeHealthRun(run.id);
    log.info({ tenantId, ...counts }, "scheduled health run done");
    return counts;
  },
});
