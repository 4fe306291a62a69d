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
    try {
      await worker.stop();
      await disconnectDb().catch(() => {}); // the database may already be gone (Ctrl-C reaches it too)
      process.exit(0);
    } catch (error) {
      console.error(`Worker did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  };
  stopOnSignals(stop);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
