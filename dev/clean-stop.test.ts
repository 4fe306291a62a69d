// Ctrl-C on the demo: the terminal sends SIGINT to the whole process group —
// the demo, the worker and the embedded PostgreSQL at once — so the database
// shuts down while the worker is still finishing its jobs. The worker must
// stop cleanly anyway: no uncaught "the database system is shutting down",
// exit code 0; unfinished jobs go back to the queue once the database returns.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { childProcessEnv, env } from "../lib/env";
import { defineJob, jobContract, type JobDefinition } from "../lib/jobs/define-job";
import { startWorker } from "../lib/worker";
import { createDatabase, databaseUrlFor, freePort, migrateDatabase, startEmbeddedPostgres, type DatabaseServer } from "./database-server";

let server: DatabaseServer | undefined;
let dataDir: string | undefined;

/** A PostgreSQL of the test's own (the test shuts it down), migrated like the demo's. */
async function ownDatabase(): Promise<{ url: string; interrupt: () => void }> {
  dataDir = mkdtempSync(path.join(path.resolve(env().DATA_DIR), "clean-stop-"));
  server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  await createDatabase(server.adminUrl, "loris");
  const url = databaseUrlFor(server.adminUrl, "loris");
  await migrateDatabase(url);
  const postmaster = Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  return { url, interrupt: () => process.kill(postmaster, "SIGINT") };
}

afterEach(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  server = dataDir = undefined;
});

describe("worker on Ctrl-C", () => {
  it("stop() resolves when the database shuts down under an in-flight job", async () => {
    const { url, interrupt } = await ownDatabase();
    let started!: () => void;
    const running = new Promise<void>((resolve) => (started = resolve));
    const busy = defineJob(jobContract({ name: "test.busy", description: "works for a moment, then writes to the database", schema: z.object({}) }), {
      handler: async () => {
        started();
        await new Promise((r) => setTimeout(r, 1500));
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        await client.query("SELECT 1").finally(() => client.end());
      },
    });
    // Only the worker's own handling may see stray rejections here (vitest would report every one).
    const vitestListeners = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    const stray: unknown[] = [];
    const recordStray = (reason: unknown) => stray.push(reason);
    const worker = await startWorker({ databaseUrl: url, healthPort: 0, pollingIntervalSeconds: 0.5, shutdownTimeoutMs: 5_000, catalog: { [busy.name]: busy as unknown as JobDefinition } });
    await worker.boss.send("test.busy", {});
    await running;
    interrupt();
    try {
      await expect(worker.stop()).resolves.toBeUndefined();
      // pg-boss records the job's end without awaiting it: give that rejection time to surface.
      process.on("uncaughtException", recordStray);
      await new Promise((r) => setTimeout(r, 1000));
      expect(stray).toEqual([]);
    } finally {
      process.off("uncaughtException", recordStray);
      process.removeAllListeners("unhandledRejection");
      for (const listener of vitestListeners) process.on("unhandledRejection", listener);
    }
  }, 120_000);

  it("bin/worker.ts exits 0 with no uncaught error when the database gets the same SIGINT", async () => {
    const { url, interrupt } = await ownDatabase();
    const child = spawn(process.execPath, ["--import", "tsx", "bin/worker.ts"], { env: childProcessEnv({ DATABASE_URL: url, WORKER_HEALTH_PORT: "0", LOG_LEVEL: "info" }), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    for (let i = 0; i < 300 && !output.includes("Worker running"); i++) await new Promise((r) => setTimeout(r, 100));
    expect(output).toContain("Worker running");
    await new Promise((r) => setTimeout(r, 1000));
    interrupt();
    child.kill("SIGINT");
    const code = await exited;
    expect(output).not.toMatch(/uncaught|unhandled|^\s+at /im);
    expect(code, output).toBe(0);
  }, 120_000);
});
