// A second Ctrl-C while stopping must not kill the process half-way (its
// children would be left running): run a busy process the way the demo, the
// worker and the simulator run (node --import tsx: no tsx CLI in between,
// which SIGKILLs a child that is slow to acknowledge a signal), signal it
// twice, and see it finish its stop.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("stopOnSignals", () => {
  it("finishes stopping when SIGINT comes twice, and only stops once", { timeout: 30_000 }, async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/stop-signals-fixture.ts"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", () => out.includes("ready") && resolve());
      child.once("exit", () => reject(new Error(`exited early: ${out}`)));
    });
    child.kill("SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
    expect(out.match(/stopping/g)).toHaveLength(1);
    expect(out).toContain("stopped");
    expect(code).toBe(0);
  });
});
