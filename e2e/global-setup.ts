// Browser test setup: a fresh database (embedded unless DATABASE_URL is set),
// migrated and seeded; the Five9 simulator in-process as the sandbox; the
// production build served by `next start`; and the worker (deletions, health
// schedule). Each install scenario gets its own workspace, admin and domain.
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { env, setProcessEnv } from "../lib/env";
import { prepareAppDatabase } from "../dev/app-database";
import { freePort } from "../dev/database-server";
import { startFive9Sandbox } from "../dev/five9-sandbox";
import { buildIsStale, runToCompletion, startChild, startTsChild, waitForHttp } from "../dev/processes";
import { seedDemo } from "../dev/demo/seed";
import { demoPassword } from "../dev/demo/seed-data";
import { hashPassword } from "../lib/auth/password";
import { db, disconnectDb } from "../lib/db";
import { E2E_BASE_URL, E2E_PORT } from "./base-url";
import { FIXTURE_PATH, SCENARIOS, type E2eFixture, type Scenario } from "./fixture";
import { seedLiveTenant } from "./live-tenant";
import { seedBridgeScenario } from "./bridge-seed";

async function seedScenarios(domains: E2eFixture["domains"]): Promise<void> {
  const passwordHash = await hashPassword(demoPassword);
  for (const [scenario, { slug, email }] of Object.entries(SCENARIOS) as [Scenario, (typeof SCENARIOS)[Scenario]][]) {
    // The "owner" workspace already holds its domain: installing it elsewhere must be refused.
    const owned = scenario === "owner" ? { five9DomainId: domains.owner.id, region: "us", status: "installed" as const } : {};
    const tenant = await db().tenant.create({ data: { slug, name: `E2E ${scenario}`, ...owned } });
    await db().user.create({ data: { email, name: `E2E ${scenario} admin`, role: "customer_admin", passwordHash, memberships: { create: { tenantId: tenant.id } } } });
  }
}

export default async function globalSetup() {
  const dataSubdir = `e2e-pg-${process.pid}`;
  const database = await prepareAppDatabase({ databaseName: "loris_e2e", fresh: true, dataSubdir, port: await freePort() });
  setProcessEnv({ DATABASE_URL: database.url, LOG_LEVEL: "silent" });

  const names = Object.keys(SCENARIOS) as Scenario[];
  const sandbox = await startFive9Sandbox({ authUrl: E2E_BASE_URL, domains: names.map((n) => ({ name: `E2E ${n}`, calls: 50 })) });
  const domains = Object.fromEntries(names.map((n, i) => [n, sandbox.domains[i]!])) as E2eFixture["domains"];
  const voicestreamPort = await freePort();
  const voicestreamHealthPort = await freePort();

  await seedDemo();
  await seedScenarios(domains);
  const live = await seedLiveTenant(await hashPassword(demoPassword), `127.0.0.1:${voicestreamPort}`);
  await seedBridgeScenario(SCENARIOS.bridge.slug);
  await disconnectDb();
  mkdirSync(path.dirname(FIXTURE_PATH), { recursive: true });
  writeFileSync(FIXTURE_PATH, JSON.stringify({ simBaseUrl: sandbox.sim.baseUrl, domains, live, voicestreamEndpoint: `127.0.0.1:${voicestreamPort}` } satisfies E2eFixture, null, 2));
  const serverEnv = {
    DATABASE_URL: database.url,
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_URL: E2E_BASE_URL,
    NEXTAUTH_URL: E2E_BASE_URL,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEYS: `e2e1:${randomBytes(32).toString("base64")}`,
    LOG_LEVEL: "warn",
    VOICESTREAM_PUBLIC_ENDPOINT: `127.0.0.1:${voicestreamPort}`,
    ...sandbox.appEnv,
  };
  if (buildIsStale()) {
    const code = await runToCompletion("node_modules/.bin/next", ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
    if (code !== 0) throw new Error("next build failed");
  }
  const web = startChild("web", "node_modules/.bin/next", ["start", "-p", String(E2E_PORT)], { env: serverEnv, quiet: true });
  const worker = startTsChild("worker", "bin/worker.ts", { env: { ...serverEnv, WORKER_HEALTH_PORT: "0" }, quiet: true });
  const voicestream = startTsChild("voicestream", "bin/voicestream.ts", { env: { ...serverEnv, VOICESTREAM_PORT: String(voicestreamPort), VOICESTREAM_HEALTH_PORT: String(voicestreamHealthPort) }, quiet: true });
  await waitForHttp(`${E2E_BASE_URL}/api/healthz`, web);
  await waitForHttp(`http://127.0.0.1:${voicestreamHealthPort}/readyz`, voicestream);

  return async () => {
    await Promise.all([web.stop(), worker.stop(), voicestream.stop()]);
    await sandbox.sim.close();
    await database.stop();
    if (database.embedded) rmSync(path.join(env().DATA_DIR, dataSubdir), { recursive: true, force: true });
  };
}
