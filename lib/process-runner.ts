// The one runner of long-lived processes (worker, voicestream): a health
// endpoint, stop signals and a graceful drain. Several replicas may run on one
// database; each answers its own /healthz.
//   GET /healthz  200 while running, 503 while starting or stopping, with details
//   GET /readyz   200 when the service says it takes work, else 503
import http from "node:http";
import type { AddressInfo } from "node:net";
import { disconnectDb } from "./db";
import { logger } from "./log";
import { stopOnSignals } from "./stop-signals";

export type ServiceState = "starting" | "running" | "stopping";

export interface HealthProbe {
  state(): ServiceState;
  /** Ready for new work (defaults to running). */
  ready?(): boolean;
  details?(): Record<string, unknown>;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

export async function startHealthServer(probe: HealthProbe, options: { port: number; host: string }): Promise<HealthServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    if (path !== "/healthz" && path !== "/readyz") {
      res.writeHead(404).end();
      return;
    }
    const state = probe.state();
    const ok = path === "/healthz" ? state === "running" : state === "running" && (probe.ready?.() ?? true);
    res.writeHead(ok ? 200 : 503, { "content-type": "application/json" });
    res.end(JSON.stringify({ status: state, ready: probe.ready?.() ?? state === "running", ...probe.details?.() }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface RunningService {
  healthPort: number;
  stop(): Promise<void>;
}

/**
 * Starts a service from an entry point (bin/*), prints where its health is,
 * and on the first SIGINT/SIGTERM drains it, closes the database pool and
 * exits 0. A failure to start exits 1 with the reason.
 */
export function runLongLivedProcess(name: string, start: () => Promise<RunningService & { describe?: string }>): void {
  const log = logger(name);
  start()
    .then((service) => {
      console.log(service.describe ?? `${name} running; health at http://127.0.0.1:${service.healthPort}/healthz`);
      stopOnSignals(async () => {
        try {
          await service.stop();
          await disconnectDb().catch(() => {}); // the database may already be gone (Ctrl-C reaches it too)
        } catch (error) {
          log.warn({ err: error }, "error while stopping");
        }
        process.exit(0);
      });
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
