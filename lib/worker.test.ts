import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "./db";
import { AppError } from "./errors";
import { auditRetentionContract } from "./jobs/contracts";
import { enqueue } from "./jobs/queue";
import { startWorker, type RunningWorker } from "./worker";
import { createTenant } from "../test/support/fixtures";

let worker: RunningWorker;

beforeAll(async () => {
  worker = await startWorker({ healthPort: 0, pollingIntervalSeconds: 0.5, shutdownTimeoutMs: 5000 });
});
afterAll(async () => {
  await worker?.stop();
});

async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("worker", () => {
  it("answers /healthz with its jobs", async () => {
    const res = await fetch(`http://127.0.0.1:${worker.healthPort}/healthz`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.status).toBe("running");
    expect(body.jobs).toContain("audit-log.retention");
  });

  it("runs the audit retention job: old entries go, recent ones stay", async () => {
    const tenant = await createTenant();
    const old = new Date(Date.now() - 40 * 86_400_000);
    await db().auditLog.createMany({
      data: [
        { action: "old.1", tenantId: tenant.id, createdAt: old },
        { action: "old.2", tenantId: tenant.id, createdAt: old },
        { action: "recent", tenantId: tenant.id },
      ],
    });
    const id = await enqueue(worker.boss, auditRetentionContract, { olderThanDays: 30 });
    const job = await waitFor(async () => {
      const j = await worker.boss.getJobById("audit-log.retention", id);
      return j?.state === "completed" ? j : null;
    });
    expect(job.state).toBe("completed");
    const left = await db().auditLog.findMany({ where: { tenantId: tenant.id } });
    expect(left.map((e) => e.action)).toEqual(["recent"]);
  });

  it("refuses an invalid payload before it reaches the queue", async () => {
    await expect(enqueue(worker.boss, auditRetentionContract, { olderThanDays: -1 })).rejects.toThrow(AppError);
    await expect(enqueue(worker.boss, auditRetentionContract, { olderThanDays: -1 })).rejects.toThrow(/olderThanDays/);
    // A wrong payload type or an unknown job does not compile (tsc runs in npm test):
    // @ts-expect-error olderThanDays is a number
    await expect(enqueue(worker.boss, auditRetentionContract, { olderThanDays: "thirty" })).rejects.toThrow(/olderThanDays/);
    // @ts-expect-error a job is sent by its contract, never by a bare name
    await expect(enqueue(worker.boss, "no-such-job", {})).rejects.toThrow();
  });

  it("fails a job whose stored payload is invalid, with the reason", async () => {
    await worker.boss.createQueue("audit-log.retention");
    const id = await worker.boss.send("audit-log.retention", { olderThanDays: "soon" }, { retryLimit: 0 });
    const job = await waitFor(async () => {
      const j = await worker.boss.getJobById("audit-log.retention", id!);
      return j?.state === "failed" ? j : null;
    });
    expect(JSON.stringify(job.output)).toContain("Invalid payload");
  });
});
