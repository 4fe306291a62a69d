// startSimulator(): the Five9 simulator in-process, on free ports by default.
// Tests start one per file; `npm run sim` and `npm run demo` start one too.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { registerControlRoutes } from "./control/routes";
import { FaultRegistry } from "./http/faults";
import { Router } from "./http/router";
import { OAuthStore } from "./oauth/clients";
import { registerTokenRoutes } from "./oauth/token-routes";
import { registerRestRoutes, type RestLimits } from "./rest/routes";
import { ControllableClock, type ClockSettings } from "./world/clock";
import { SimWorld } from "./world/world";

export interface SimulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  clock?: ClockSettings;
  tokenLifetimeSeconds?: number;
  restLimits?: RestLimits;
}

export interface RunningSimulator {
  baseUrl: string;
  port: number;
  world: SimWorld;
  clock: ControllableClock;
  faults: FaultRegistry;
  oauth: OAuthStore;
  router: Router;
  close(): Promise<void>;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const clock = new ControllableClock(options.clock);
  const world = new SimWorld(options.seed ?? 1, clock);
  const faults = new FaultRegistry();
  const oauth = new OAuthStore(clock, options.tokenLifetimeSeconds ?? 3600);
  const router = new Router(faults);
  registerControlRoutes(router, { world, oauth, faults, clock });
  registerTokenRoutes(router, oauth);
  registerRestRoutes(router, { world, oauth, faults, clock, limits: options.restLimits ?? { perMinute: 450 } });
  // Still to come (see sim/README.md): authorization code + PKCE consent,
  // SOAP AdminWebService, Supervisor REST, FTP/SFTP export, VoiceStream.

  const server = http.createServer((req, res) => void router.handle(req, res));
  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://${host}:${port}`,
    port,
    world,
    clock,
    faults,
    oauth,
    router,
    close: async () => {
      world.close();
      clock.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
