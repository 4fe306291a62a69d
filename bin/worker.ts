// Worker entry point: `npm run worker`.
import { loadEnvOrExit } from "../lib/env";
import { startWorker } from "../lib/worker";
import { disconnectDb } from "../lib/db";
import { stopOnSignals } from "../lib/stop-signals";

async function main() {
  const env = loadEnvOrExit();
  const worker = await startWorker({ healthPort: env.WORKER_HEALTH_PORT });
  console.log(`Worker running; health at http://127.0.0.1:${worker.healthPort}/healthz`);
  const stop = async () => {
    await worker.stop();
    await disconnectDb();
    process.exit(0);
  };
  stopOnSignals(stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
