// Scheduled health checks for every installed (or broken) tenant; history is kept.
import { z } from "zod";
import { db } from "../db";
import { defineJob } from "../jobs/define-job";
import { executeHealthRun, startHealthRun } from "./run-health-checks";

export const scheduledHealthJob = defineJob({
  name: "health.scheduled",
  description: "Run health checks for every installed tenant",
  schema: z.object({}),
  schedule: { cron: "*/15 * * * *", payload: {} },
  handler: async (_payload, { log }) => {
    const tenants = await db().tenant.findMany({ where: { status: { in: ["installed", "needs_reauthorization"] } }, select: { id: true } });
    const results = [];
    for (const tenant of tenants) {
      const run = await startHealthRun(tenant.id, "scheduled");
      results.push(await executeHealthRun(run.id));
    }
    log.info({ tenants: tenants.length }, "scheduled health checks done");
    return { tenants: tenants.length, failing: results.filter((r) => r.fail > 0).length };
  },
});
