// `npm run demo`: the whole product on one machine. Starts the database
// (embedded unless DATABASE_URL is set), migrates, seeds the demo tenant and
// users, builds the web app if needed, starts web + worker, prints where to go,
// and stops everything cleanly on Ctrl-C. A second run reuses its data.
import { env as processEnv, loadEnvOrExit, setProcessEnv } from "../lib/env";
import { prepareAppDatabase } from "../dev/app-database";
import { isPortFree, leaveStopSignalsToCaller } from "../dev/database-server";
import { buildIsStale, runToCompletion, startChild, startTsChild, waitForHttp, type Child } from "../dev/processes";
import { demoPassword, demoUsers } from "../dev/demo/seed-data";
import { seedDemo } from "../dev/demo/seed";
import { disconnectDb } from "../lib/db";
import { localSecrets } from "../dev/local-secrets";
import { startFive9Sandbox } from "../dev/five9-sandbox";
import { installGlobexLiveAudio, type GlobexLiveAudio } from "../dev/demo/globex-live-audio";
import { writeVoiceStreamTarget } from "../dev/demo/voicestream-target";
import { stopOnSignals } from "../lib/stop-signals";

/** New calls on the demo domain once it runs: one every two minutes, so the views move while you watch. */
const DEMO_LIVE_CALLS_PER_HOUR = 30;

async function main() {
  const env = loadEnvOrExit();
  const say = (line: string) => console.log(`[demo] ${line}`);
  const children: Child[] = [];

  // Another demo (or anything else) on our ports would answer in our place: say so and stop.
  const ports = [["PORT", env.PORT], ["SIM_PORT", env.SIM_PORT], ["WORKER_HEALTH_PORT", env.WORKER_HEALTH_PORT], ["VOICESTREAM_PORT", env.VOICESTREAM_PORT], ["VOICESTREAM_HEALTH_PORT", env.VOICESTREAM_HEALTH_PORT]] as const;
  for (const [name, port] of ports) {
    if (port !== 0 && !(await isPortFree(port))) {
      console.error(`[demo] Port ${port} (${name}) is already in use — is another demo still running? Stop it, or set ${name} to a free port.`);
      process.exit(1);
    }
  }

  say(env.DATABASE_URL ? "Using the database at DATABASE_URL." : `Starting the embedded PostgreSQL (data in ${env.DATA_DIR}/pg)…`);
  const database = await prepareAppDatabase({ databaseName: "loris", dataSubdir: "pg", log: say });
  await leaveStopSignalsToCaller();
  setProcessEnv({ DATABASE_URL: database.url });
  await seedDemo();
  await disconnectDb();
  say("Database migrated and demo data seeded.");

  // The Five9 simulator as a sandbox: Loris registered as a marketplace app,
  // and a demo domain holding a week of calls, new ones as time goes on, an API client and FTP export.
  const sandbox = await startFive9Sandbox({ port: env.SIM_PORT, seed: env.SIM_SEED, authUrl: env.AUTH_URL, domains: [{ name: "Acme Demo", calls: 2000, liveCallsPerHour: DEMO_LIVE_CALLS_PER_HOUR }, { name: "Globex Demo", calls: 300, liveCallsPerHour: DEMO_LIVE_CALLS_PER_HOUR }] });
  const sim = sandbox.sim;
  const demoDomain = sandbox.domains[0]!;
  const globexDomain = sandbox.domains[1]!;

  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say("Stopping…");
    await Promise.all(children.map((c) => c.stop()));
    await sim.close();
    await database.stop();
    say("Stopped.");
    process.exit(code);
  };
  stopOnSignals(() => stopAll(0));

  // Configured secrets win; otherwise the demo makes its own, kept in DATA_DIR.
  const secrets = localSecrets();
  const shared = {
    DATABASE_URL: database.url,
    NEXT_TELEMETRY_DISABLED: "1",
    NEXTAUTH_URL: env.AUTH_URL,
    // Where admins are told to point Five9's VoiceStream: our receiver on this machine.
    VOICESTREAM_PUBLIC_ENDPOINT: `127.0.0.1:${env.VOICESTREAM_PORT}`,
    ...sandbox.appEnv,
    ...secrets,
  };
  // This process installs Globex through the same functions as the web app: it must seal secrets and reach Five9 as they do.
  setProcessEnv({ ...sandbox.appEnv, ...secrets, VOICESTREAM_PUBLIC_ENDPOINT: shared.VOICESTREAM_PUBLIC_ENDPOINT });
  if (buildIsStale()) {
    say("Building the web app (first run only, about a minute)…");
    const code = await runToCompletion("node_modules/.bin/next", ["build"], shared);
    if (code !== 0) {
      say("The build failed; see above.");
      return stopAll(1);
    }
  }

  const web = startChild("web", "node_modules/.bin/next", ["start", "-p", String(env.PORT)], { env: shared });
  const worker = startTsChild("worker", "bin/worker.ts", { env: { ...shared, WORKER_HEALTH_PORT: String(env.WORKER_HEALTH_PORT) } });
  const voicestream = startTsChild("voicestream", "bin/voicestream.ts", { env: { ...shared, VOICESTREAM_PORT: String(env.VOICESTREAM_PORT), VOICESTREAM_HEALTH_PORT: String(env.VOICESTREAM_HEALTH_PORT) } });
  children.push(web, worker, voicestream);
  for (const child of children) {
    child.process.once("exit", (code) => {
      if (!stopping) {
        say(`${child.name} exited (code ${code}); stopping the demo.`);
        void stopAll(1);
      }
    });
  }
  await waitForHttp(`http://localhost:${env.PORT}/api/healthz`, web);
  await waitForHttp(`http://127.0.0.1:${env.VOICESTREAM_HEALTH_PORT}/readyz`, voicestream);

  // Globex: installed with live audio on; the simulator streams its calls to our receiver from now on.
  say("Installing the demo workspace Globex with live audio (its first live call starts in a few seconds)…");
  let globex: GlobexLiveAudio | undefined;
  let targetPath = "";
  try {
    globex = await installGlobexLiveAudio({ sim, domain: globexDomain, slug: "globex", adminEmail: "admin@globex.test", receiverEndpoint: shared.VOICESTREAM_PUBLIC_ENDPOINT });
    targetPath = writeVoiceStreamTarget(processEnv().DATA_DIR, globex.target);
  } catch (error) {
    say(`Globex could not be installed with live audio: ${error instanceof Error ? error.message : String(error)}. The rest of the demo runs.`);
  }
  await disconnectDb();

  console.log(
    [
      "",
      "  Loris for Five9 is running.",
      "",
      `  Open   ${env.AUTH_URL}/signin`,
      "",
      "  Demo sign-ins (password for all: " + demoPassword + "):",
      ...demoUsers.map((u) => `    ${u.email.padEnd(22)} ${u.role === "support" ? "support (all tenants)" : `customer admin of ${u.tenants.join(", ")}`}`),
      "",
      `  Five9 simulator  ${sim.baseUrl}  (control API under /_sim/)`,
      `    demo domain "${demoDomain.name}" id ${demoDomain.id} (region US): a week of calls, ~${DEMO_LIVE_CALLS_PER_HOUR} new calls an hour`,
      `    domain admin (consent page, history access)  ${demoDomain.admin.username} / ${demoDomain.admin.password}`,
      `    API client  ${demoDomain.apiClient.clientId} / ${demoDomain.apiClient.clientSecret}`,
      `    SFTP export 127.0.0.1:${demoDomain.ftp.sftpPort} (FTP ${demoDomain.ftp.ftpPort})  ${demoDomain.ftp.username} / ${demoDomain.ftp.password}`,
      `    VoiceStream admin page  ${sim.baseUrl}/admin/voicestream?domainId=${demoDomain.id}`,
      `    Bridge (V1 → V2): install Acme with the SFTP export ticked, then walk shadow → cutover → rollback at ${env.AUTH_URL}/tenants/acme/bridge`,
      `  VoiceStream receiver  127.0.0.1:${env.VOICESTREAM_PORT} (gRPC; health http://127.0.0.1:${env.VOICESTREAM_HEALTH_PORT}/healthz)`,
      ...(globex
        ? [
            `    Globex (admin@globex.test) is installed with live audio: domain "${globexDomain.name}" streams its calls here — open ${env.AUTH_URL}/tenants/globex/calls`,
            "    To stream from your own Five9-side client, use (also in " + targetPath + ", mode 600):",
            `      endpoint         ${globex.target.endpoint}`,
            `      subscription id  ${globex.target.subscriptionId}`,
            `      domain id        ${globex.target.domainId}`,
            `      trust token      ${globex.target.trustToken}   (metadata x-five9-trust-token and streaming_config.trust_token)`,
            `      campaign_id      one of: ${globex.campaigns.join(", ")}; any vcc_call_id; LINEAR16 at 8000 Hz`,
          ]
        : []),
      "",
      "  Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
}

main().catch((error) => {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
