// Supervisor REST (VCC): login, data center, session, recordings, transcripts. Being written: see sim/README.md.
import type { Router } from "../http/router";
import type { FaultRegistry } from "../http/faults";
import type { SimClock } from "../world/types";
import type { SimWorld } from "../world/world";

export interface SupervisorDeps {
  world: SimWorld;
  faults: FaultRegistry;
  clock: SimClock;
  /** Where logins must continue: the data center's `host:port` (a second listener of the simulator). */
  dataCenter: () => { host: string; port: number };
}

export function registerSupervisorRoutes(router: Router, deps: SupervisorDeps): void {
  void router;
  void deps;
}
