import { describe, expect, it } from "vitest";
import { z } from "zod";
import { defineJob, type JobDefinition } from "./jobs/define-job";
import { createQueue } from "./jobs/queue";
import { startWorker } from "./worker";

describe("worker shutdown", () => {
  it("lets an in-flight job finish before stopping, and reports stopping on /healthz", async () => {
    let started!: () => void;
    const startedPromise = new Promise<void>((r) => (started = r));
    const finished: string[] = [];
    const slowJob = defineJob({
      name: "test.slow",
      description: "waits, then records that it finished",
      schema: z.object({ label: z.string() }),
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
