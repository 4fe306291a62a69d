// "Run checks": starts a run and returns its id at once; the checks go on
// after the response (Next's after()) and the page polls the run's results.
import { z } from "zod";
import { tenantAction } from "../auth/guard";
import { AppError } from "../errors";
import { db } from "../db";
import { executeHealthRun, startHealthRun } from "./run-health-checks";

const RUN_COOLDOWN_MS = 5_000;

export const runHealthChecks = (schedule: (work: () => Promise<unknown>) => void) =>
  tenantAction(z.object({ slug: z.string().min(1) }), async ({ viewer, tenant }) => {
    const running = await db().healthRun.findFirst({ where: { tenantId: tenant.id, finishedAt: null, startedAt: { gt: new Date(Date.now() - 60_000) } } });
    if (running) return { runId: running.id };
    const recent = await db().healthRun.findFirst({ where: { tenantId: tenant.id, startedAt: { gt: new Date(Date.now() - RUN_COOLDOWN_MS) } } });
    if (recent) throw new AppError("rate_limited", "Checks just ran. Wait a few seconds before running them again.");
    const run = await startHealthRun(tenant.id, "manual", viewer.email);
    schedule(() => executeHealthRun(run.id, viewer));
    return { runId: run.id };
  });
