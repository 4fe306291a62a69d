// Test fixture: the Five9 simulator in-process with a paused clock, one domain
// whose calls have all ended, FIVE9_BASE_URL pointed at it, and the ground
// truth the connector's downloads are checked against (the simulator renders
// a call's WAV bytes deterministically: wavRange(call)).
import { createHash } from "node:crypto";
import { beforeAll, beforeEach } from "vitest";
import { SimClient } from "../../sim/client";
import type { RunningSimulator } from "../../sim/server";
import { simulatorForFile } from "./simulator";
import type { SimCall } from "../../sim/world/types";
import { wavRange } from "../../sim/world/wav";
import type { RetryPolicy } from "../../lib/ingest/retry";
import { SupervisorClient } from "../../lib/ingest/recordings/supervisor-client";

export const WINDOW = { from: new Date("2026-11-20T06:00:00Z"), to: new Date("2026-11-20T12:00:00Z") };
const NOW = Date.parse("2026-11-21T00:00:00Z");
/** Backoff short enough for tests; the policy is the same. */
export const FAST_RETRY: Partial<RetryPolicy> = { baseMs: 5, maxMs: 20 };

export interface SimFixture {
  sim: RunningSimulator;
  control: SimClient;
  domainId: string;
  supervisor: { username: string; password: string; userId: string };
  /** Recorded calls in WINDOW, in the view's order (ground truth). */
  recorded: SimCall[];
  newClient(retry?: Partial<RetryPolicy>, credentials?: { username: string; password: string }): SupervisorClient;
  /** sha256 of the simulator's own bytes for the call. */
  expectedSha256(call: SimCall): string;
  /** The listing window as listRecordings input. */
  window(): { from: Date; to: Date };
  /** The n recorded calls with the smallest recordings (keeps tests fast). */
  smallest(n: number): SimCall[];
}

export function simRecordingsFixture(options: { calls: number; seed?: number }): SimFixture {
  const f = {} as SimFixture;
  const simulator = simulatorForFile({ seed: options.seed ?? 11, clock: { start: NOW, speed: 0 } });
  beforeAll(async () => {
    f.sim = simulator.sim;
    f.control = new SimClient(f.sim.baseUrl);
    const domain = await f.control.createDomain({ name: `Recordings ${process.pid}` });
    f.domainId = domain.domainId;
    f.supervisor = domain.users.find((u) => u.role === "supervisor")!;
    await f.control.createCalls(f.domainId, { count: options.calls, from: WINDOW.from, to: WINDOW.to });
    f.recorded = (await f.control.calls(f.domainId, WINDOW.from, WINDOW.to)).filter((c) => c.recorded);
  });
  beforeEach(() => f.control.clearFaults());

  f.newClient = (retry = FAST_RETRY, credentials = f.supervisor) => new SupervisorClient({ region: "us", credentials: { username: credentials.username, password: credentials.password }, retry });
  f.window = () => ({ ...WINDOW });
  f.expectedSha256 = (call) => {
    const hash = createHash("sha256");
    for (const chunk of wavRange(f.sim.world.findCall(f.domainId, call.callId)!)) hash.update(chunk);
    return hash.digest("hex");
  };
  f.smallest = (n) => [...f.recorded].sort((a, b) => a.durationSec * (a.recordingChannels === "per-leg" ? 2 : 1) - b.durationSec * (b.recordingChannels === "per-leg" ? 2 : 1)).slice(0, n);
  return f;
}
