import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob, jobContract, type JobDefinition } from "./jobs/define-job";
import { createQueue } from "./jobs/queue";
import { startWorker } from "./worker";

describe("worker shutdown", () => {
  it("lets an in-flight job finish before stopping, and reports stopping on /healthz", async () => {
    let started!: () => void;
    const startedPromise = new Promise<void>((r) => (started = r));
    const finished: string[] = [];
    const slowContract = jobContract({ name: "test.slow", description: "waits, then records that it finished", schema: z.object({ label: z.string() }) });
    const slowJob = defineJob(slowContract, {
      handler: async ({ label }) => {
        started();
        await new Promise((r) => setTimeout(r, 1500));
        finished.push(label);
      },
    });
    const worker = await startWorker({ healthPort: 0, pollingIntervalSeconds: 0.5, catalog: { [slowJob.name]: slowJob as unknown as JobDefinition } });
    await worker.boss.createQueue("test.slow");
    const id = await worker.boss.send("test.slow", { label: "one" });
    await startedPromise;
    const stopping = worker.stop();
    const health = await fetch(`http://127.0.0.1:${worker.healthPort}/healthz`);
    expect(health.status).toBe(503);
    await stopping;
    expect(finished).toEqual(["one"]);
    // The job is recorded as completed, not left active for a retry.
    const reader = createQueue();
    await reader.start();
    const job = await reader.getJobById("test.slow", id!);
    await reader.stop({ graceful: false });
    expect(job?.state).toBe("completed");
  });
});

describe("worker concurrency and health address", () => {
  it("runs as many jobs of one kind at once as configured, and binds /healthz where told", async () => {
    let running = 0;
    let peak = 0;
    const contract = jobContract({ name: "test.parallel", description: "overlaps with itself", schema: z.object({ n: z.number() }) });
    const job = defineJob(contract, {
      handler: async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 800));
        running--;
      },
    });
    const worker = await startWorker({ healthPort: 0, healthHost: "0.0.0.0", concurrency: 3, pollingIntervalSeconds: 0.5, catalog: { [job.name]: job as unknown as JobDefinition } });
    try {
      await worker.boss.createQueue(contract.name);
      const ids = await Promise.all([1, 2, 3].map((n) => worker.boss.send(contract.name, { n })));
      const deadline = Date.now() + 15_000;
      for (;;) {
        const jobs = await Promise.all(ids.map((id) => worker.boss.getJobById(contract.name, id!)));
        if (jobs.every((j) => j?.state === "completed")) break;
        if (Date.now() > deadline) throw new Error("jobs did not complete");
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(peak).toBeGreaterThanOrEqual(2);
      // Listening on every interface: reachable on the machine's loopback too.
      const health = await fetch(`http://127.0.0.1:${worker.healthPort}/healthz`);
      expect(health.status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${worker.healthPort}/readyz`)).status).toBe(200);
    } finally {
      await worker.stop();
    }
  });
});
