// Browser test setup: a fresh database (embedded unless DATABASE_URL is set),
// migrated and seeded, and the production build served by `next start`.
import { randomBytes } from "node:crypto";
import { rmSync } from "node:fs";
import path from "node:path";
import { env, setProcessEnv } from "../lib/env";
import { prepareAppDatabase } from "../lib/dev/app-database";
import { freePort } from "../lib/dev/database-server";
import { buildIsStale, runToCompletion, startChild, waitForHttp } from "../lib/dev/processes";
import { seedDemo } from "../lib/demo/seed";
import { disconnectDb } from "../lib/db";
import { E2E_BASE_URL, E2E_PORT } from "./base-url";

export default async function globalSetup() {
  const dataSubdir = `e2e-pg-${process.pid}`;
  const database = await prepareAppDatabase({ databaseName: "loris_e2e", fresh: true, dataSubdir, port: await freePort() });
  setProcessEnv({ DATABASE_URL: database.url, LOG_LEVEL: "silent" });
  await seedDemo();
  await disconnectDb();

  const serverEnv = {
    DATABASE_URL: database.url,
    NEXT_TELEMETRY_DISABLED: "1",
    AUTH_URL: E2E_BASE_URL,
    NEXTAUTH_URL: E2E_BASE_URL,
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    ENCRYPTION_KEYS: `e2e1:${randomBytes(32).toString("base64")}`,
    LOG_LEVEL: "warn",
  };
  if (buildIsStale()) {
    const code = await runToCompletion("node_modules/.bin/next", ["build"], { NEXT_TELEMETRY_DISABLED: "1" });
    if (code !== 0) throw new Error("next build failed");
  }
  const web = startChild("web", "node_modules/.bin/next", ["start", "-p", String(E2E_PORT)], { env: serverEnv, quiet: true });
  await waitForHttp(`${E2E_BASE_URL}/api/healthz`, web);

  return async () => {
    await web.stop();
    await database.stop();
    if (database.embedded) rmSync(path.join(env().DATA_DIR, dataSubdir), { recursive: true, force: true });
  };
}
