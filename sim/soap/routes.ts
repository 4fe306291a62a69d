// SOAP AdminWebService v13 subset (Call Log report). Being written: see sim/README.md.
import type { Router } from "../http/router";
import type { FaultRegistry } from "../http/faults";
import type { SimClock } from "../world/types";
import type { SimWorld } from "../world/world";

export interface SoapDeps {
  world: SimWorld;
  faults: FaultRegistry;
  clock: SimClock;
}

export function registerSoapRoutes(router: Router, deps: SoapDeps): void {
  void router;
  void deps;
}
