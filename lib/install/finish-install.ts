// Step f: the install counts as installed only when the latest health run
// (started from the Verify step) finished with no failing check.
import { z } from "zod";
import { recordAudit } from "../audit";
import { tenantAction } from "../auth/guard";
import { db } from "../db";
import { AppError } from "../errors";
import { latestHealthRun } from "../health/run-health-checks";
import { queueCallLogSync } from "../ingest/queue-ingest";
import { logger } from "../log";
import { requireInstall, requireInstaller } from "./install-record";
import { stepIndex } from "./steps";

export const finishInstall = tenantAction(z.object({ slug: z.string().min(1) }), async ({ viewer, tenant }) => {
  requireInstaller(viewer);
  const install = await requireInstall(tenant);
  if (install.completedAt) return { installed: true };
  if (stepIndex(install.step) < stepIndex("verify")) throw new AppError("conflict", "Finish the earlier steps first.");
  const run = await latestHealthRun(tenant.id);
  if (!run?.finishedAt) throw new AppError("conflict", "Run the health checks first.");
  const failing = run.results.filter((r) => r.status === "fail");
  if (failing.length > 0) throw new AppError("conflict", `Fix the failing checks first: ${failing.map((r) => r.title).join(", ")}.`);
  await db().$transaction(async (tx) => {
    await tx.install.update({ where: { id: install.id }, data: { step: "done", completedAt: new Date() } });
    // Recordings were chosen, so the API path must run: a workspace that also has an FTP export (still in
    // the bridge's `legacy` mode, never changed by anyone) starts in `shadow` — both sources, FTP authoritative.
    const startShadow = install.dataKinds.includes("recordings") && tenant.bridgeMode === "legacy"
      && (await tx.bridgeModeChange.count({ where: { tenantId: tenant.id } })) === 0;
    await tx.tenant.update({ where: { id: tenant.id }, data: { status: "installed", ...(startShadow ? { bridgeMode: "shadow" as const } : {}) } });
    await recordAudit({ action: "install.completed", tenantId: tenant.id, actor: viewer, target: install.five9DomainId, details: { campaigns: install.campaigns, dataKinds: install.dataKinds, bridgeMode: startShadow ? "shadow" : tenant.bridgeMode } }, tx);
  });
  // The first sync now rather than at the next 5-minute tick (same singleton key: never twice).
  if (install.dataKinds.includes("call_log")) {
    await queueCallLogSync(tenant.id).catch((error: unknown) => {
      logger("install").warn({ tenantId: tenant.id, err: error }, "could not queue the first call log sync; the scheduler will");
    });
  }
  return { installed: true };
});
