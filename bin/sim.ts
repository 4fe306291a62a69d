// `npm run sim [-- --port 4000 --seed 7]`: the Five9 simulator on its own.
import { parseArgs } from "node:util";
import { startSimulator } from "../sim/server";
import { stopOnSignals } from "../lib/stop-signals";

async function main() {
  const { values } = parseArgs({ options: { port: { type: "string", default: "4000" }, seed: { type: "string", default: "1" } } });
  const port = Number(values.port);
  const seed = Number(values.seed);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got "${values.port}"`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"`);
  const sim = await startSimulator({ port, seed });
  console.log(`Five9 simulator on ${sim.baseUrl} (seed ${seed}); control API under ${sim.baseUrl}/_sim/`);
  console.log(`  Supervisor data center: ${sim.dataCenterUrl}`);
  console.log(`  Legacy export: FTP on port ${sim.ftpPort}, SFTP on port ${sim.sftpPort}`);
  console.log(`  VoiceStream admin page: ${sim.baseUrl}/admin/voicestream?domainId=<domainId>`);
  stopOnSignals(() => sim.close().then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
