// startSimulator(): the Five9 simulator in-process, on free ports by default.
// Tests start one per file; `npm run sim` and `npm run demo` start one too.
//
// Listeners: the main HTTP port (OAuth, REST, SOAP, Supervisor login, control
// API, admin pages), a second HTTP port standing for the Supervisor data
// center that login sends clients to, FTP and SFTP for the legacy export, and
// outgoing gRPC streams (VoiceStream) to subscribers.
import http from "node:http";
import type { AddressInfo } from "node:net";
import pino, { type Logger } from "pino";
import { registerControlRoutes } from "./control/routes";
import { FaultRegistry } from "./http/faults";
import { Router } from "./http/router";
import { createExportHandlers } from "./legacy/export-http";
import { startLegacyExport, type LegacyExport } from "./legacy/server";
import { registerAuthorizationRoutes } from "./oauth/authorize-routes";
import { OAuthStore } from "./oauth/clients";
import { registerTokenRoutes } from "./oauth/token-routes";
import { registerRestRoutes, type RestLimits } from "./rest/routes";
import { registerSoapRoutes } from "./soap/routes";
import { registerSupervisorRoutes } from "./supervisor/routes";
import { startVoiceStream, type VoiceStreamService } from "./voicestream/voicestream";
import { renderLegPcm } from "./world/audio";
import { ControllableClock, type ClockSettings } from "./world/clock";
import { SimWorld } from "./world/world";

export interface SimulatorOptions {
  port?: number;
  host?: string;
  seed?: number;
  clock?: ClockSettings;
  tokenLifetimeSeconds?: number;
  restLimits?: RestLimits;
  /** Fixed ports for the data center, FTP and SFTP (default: free ports). */
  dataCenterPort?: number;
  ftpPort?: number;
  sftpPort?: number;
  /** VoiceStream: real milliseconds to wait for START_STREAMING (default 5000). */
  voiceStartTimeoutMs?: number;
  log?: Logger;
}

export interface RunningSimulator {
  baseUrl: string;
  port: number;
  /** Base URL of the Supervisor data center (what login returns in `apiUrls`). */
  dataCenterUrl: string;
  ftpPort: number;
  sftpPort: number;
  world: SimWorld;
  clock: ControllableClock;
  faults: FaultRegistry;
  oauth: OAuthStore;
  router: Router;
  legacy: LegacyExport;
  voicestream: VoiceStreamService;
  close(): Promise<void>;
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const host = options.host ?? "127.0.0.1";
  const log = options.log ?? pino({ level: "silent" });
  const clock = new ControllableClock(options.clock);
  const world = new SimWorld(options.seed ?? 1, clock);
  const faults = new FaultRegistry();
  const oauth = new OAuthStore(clock, options.tokenLifetimeSeconds ?? 3600);
  const router = new Router(faults);

  const server = http.createServer((req, res) => void router.handle(req, res));
  const dataCenterServer = http.createServer((req, res) => void router.handle(req, res));
  const port = await listen(server, options.port ?? 0, host);
  const dataCenterPort = await listen(dataCenterServer, options.dataCenterPort ?? 0, host);

  const legacy = await startLegacyExport({
    feed: world,
    clock,
    faults,
    describeDomain: (id) => world.domains.get(id),
    host,
    ftpPort: options.ftpPort ?? 0,
    sftpPort: options.sftpPort ?? 0,
    log: log.child({ component: "sim-legacy" }),
  });
  const voicestream = startVoiceStream({
    feed: world,
    clock,
    renderLegPcm,
    faults,
    log: log.child({ component: "sim-voicestream" }),
    startTimeoutMs: options.voiceStartTimeoutMs,
  });

  registerControlRoutes(router, { world, oauth, faults, clock });
  const authorization = registerAuthorizationRoutes(router, { world, oauth, clock });
  registerTokenRoutes(router, oauth, { authorizationCode: authorization.tokenGrant });
  registerRestRoutes(router, { world, oauth, faults, clock, limits: options.restLimits ?? { perMinute: 450 } });
  registerSoapRoutes(router, { world, faults, clock });
  registerSupervisorRoutes(router, { world, faults, clock, dataCenter: () => ({ host, port: dataCenterPort }) });
  for (const route of [...createExportHandlers(legacy, host).routes, ...voicestream.routes]) {
    router.on(route.method, route.path, (ctx) => route.handler(ctx.req, ctx.res, ctx.params));
  }

  return {
    baseUrl: `http://${host}:${port}`,
    port,
    dataCenterUrl: `http://${host}:${dataCenterPort}`,
    ftpPort: legacy.ftpPort,
    sftpPort: legacy.sftpPort,
    world,
    clock,
    faults,
    oauth,
    router,
    legacy,
    voicestream,
    close: async () => {
      await voicestream.stop();
      await legacy.close();
      world.close();
      clock.close();
      await Promise.all([closeServer(server), closeServer(dataCenterServer)]);
    },
  };
}
