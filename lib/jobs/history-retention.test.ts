import { afterAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { createTenant } from "../../test/support/fixtures";
import { pruneHistory } from "./history-retention";
import { scheduledHealthJob } from "../health/health-jobs";
import { createQueue } from "./queue";
import { stopSendQueue } from "./web-queue";
import { tenantHealthContract } from "./contracts";
import { logger } from "../log";

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);

afterAll(async () => {
  await stopSendQueue();
});

describe("history retention", () => {
  it("deletes old health and ingestion runs but keeps each tenant's latest, however old", async () => {
    const tenant = await createTenant();
    const other = await createTenant();
    const run = (tenantId: string, days: number) =>
      db().healthRun.create({ data: { tenantId, trigger: "scheduled", startedAt: ago(days), finishedAt: ago(days), results: { create: { tenantId, checkId: "token", title: "Token", status: "pass", message: "ok", durationMs: 1 } } } });
    await run(tenant.id, 200);
    await run(tenant.id, 120);
    const recent = await run(tenant.id, 1);
    const lonelyOld = await run(other.id, 300);
    const ingest = (tenantId: string, kind: string, days: number, outcome = "ok") =>
      db().ingestRun.create({ data: { tenantId, kind, windowFrom: ago(days + 1), windowTo: ago(days), startedAt: ago(days), outcome } });
    await ingest(tenant.id, "call_log", 150);
    const latestOldMedia = await ingest(tenant.id, "media", 140);
    const stillRunning = await ingest(tenant.id, "call_log", 130, "running");
    const latestCallLog = await ingest(tenant.id, "call_log", 2);

    const deleted = await pruneHistory(90);
    expect(deleted).toEqual({ healthRuns: 2, ingestRuns: 1 });
    const healthLeft = await db().healthRun.findMany({ select: { id: true } });
    expect(healthLeft.map((r) => r.id).sort()).toEqual([recent.id, lonelyOld.id].sort());
    // Results went with their runs.
    expect(await db().healthResult.count({ where: { tenantId: tenant.id } })).toBe(1);
    const ingestLeft = await db().ingestRun.findMany({ select: { id: true } });
    expect(ingestLeft.map((r) => r.id).sort()).toEqual([latestOldMedia.id, stillRunning.id, latestCallLog.id].sort());
    // A second pass finds nothing more.
    expect(await pruneHistory(90)).toEqual({ healthRuns: 0, ingestRuns: 0 });
  });
});

describe("scheduled health", () => {
  it("queues one health run per installed tenant (not one job for all), once per slot", async () => {
    const installed = [await createTenant(), await createTenant(), await createTenant()];
    for (const t of installed) await db().tenant.update({ where: { id: t.id }, data: { status: "installed" } });
    await createTenant(); // not installed: no run
    const context = { jobId: "test", log: logger("test"), signal: new AbortController().signal };
    const first = await scheduledHealthJob.handler({}, context);
    expect(first).toEqual({ tenants: 3, queued: 3 });
    // The same tick again (another replica, a retry) queues nothing twice.
    expect(await scheduledHealthJob.handler({}, context)).toEqual({ tenants: 3, queued: 0 });
    const boss = createQueue();
    await boss.start();
    try {
      const jobs = await boss.fetch<{ tenantId: string }>(tenantHealthContract.name, { batchSize: 10 });
      expect(jobs.map((j) => j.data.tenantId).sort()).toEqual(installed.map((t) => t.id).sort());
    } finally {
      await boss.stop({ graceful: false });
    }
  });
});
