// The one way product tests start the Five9 simulator: one per test file,
// in-process on a free port, with FIVE9_BASE_URL pointed at it for the file's
// duration (env() is re-parsed after setProcessEnv). The fixtures in
// five9-sim.ts, ingest.ts and sim-recordings.ts build on it.
import { afterAll, beforeAll } from "vitest";
import { startSimulator, type RunningSimulator, type SimulatorOptions } from "../../sim/server";
import { setProcessEnv } from "../../lib/env";

export interface SimulatorForFile {
  readonly sim: RunningSimulator;
}

/** `setUp` runs after the simulator is up (e.g. register an app); `tearDown` before it closes. */
export function simulatorForFile(options: SimulatorOptions, hooks: { setUp?: (sim: RunningSimulator) => Promise<void>; tearDown?: () => void } = {}): SimulatorForFile {
  const state = {} as { sim: RunningSimulator };
  beforeAll(async () => {
    state.sim = await startSimulator(options);
    // The simulator's FTP/SFTP export listens on loopback, which tenants may not enter otherwise.
    setProcessEnv({ FIVE9_BASE_URL: state.sim.baseUrl, OUTBOUND_HOST_ALLOWLIST: "127.0.0.1" });
    await hooks.setUp?.(state.sim);
  });
  afterAll(async () => {
    hooks.tearDown?.();
    setProcessEnv({ FIVE9_BASE_URL: undefined, OUTBOUND_HOST_ALLOWLIST: undefined });
    await state.sim?.close();
  });
  return {
    get sim() {
      return state.sim;
    },
  };
}
