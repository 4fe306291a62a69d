// Worker entry point: `npm run worker`.
import { loadEnvOrExit } from "../lib/env";
import { runLongLivedProcess } from "../lib/process-runner";
import { startWorker } from "../lib/worker";

const env = loadEnvOrExit();
runLongLivedProcess("worker", async () => {
  const worker = await startWorker({ healthPort: env.WORKER_HEALTH_PORT, healthHost: env.HEALTH_HOST, concurrency: env.WORKER_CONCURRENCY });
  return { ...worker, describe: `Worker running; health at http://${env.HEALTH_HOST}:${worker.healthPort}/healthz` };
});
