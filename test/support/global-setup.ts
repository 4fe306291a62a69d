// Vitest global setup: one PostgreSQL server for the run (DATABASE_URL's, or an
// embedded one), and one migrated template database that every test file
// copies into a database of its own (see worker-setup.ts).
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { env } from "../../lib/env";
import { createDatabase, databaseUrlFor, dropDatabase, freePort, migrateDatabase, startEmbeddedPostgres } from "../../dev/database-server";

declare module "vitest" {
  export interface ProvidedContext {
    databaseServerUrl: string;
    templateDatabase: string;
  }
}

function migrationsHash(): string {
  const dir = path.resolve("prisma/migrations");
  const hash = createHash("sha256");
  for (const entry of readdirSync(dir, { recursive: true }).map(String).sort()) {
    if (entry.endsWith(".sql")) hash.update(entry).update(readFileSync(path.join(dir, entry)));
  }
  return hash.digest("hex").slice(0, 12);
}

/** Removes clusters left by test runs that were killed. */
function removeStaleClusters(): void {
  const root = env().DATA_DIR;
  if (!existsSync(root)) return;
  for (const entry of readdirSync(root)) {
    const pid = Number(/^test-pg-(\d+)$/.exec(entry)?.[1]);
    if (!pid) continue;
    try {
      process.kill(pid, 0);
    } catch {
      rmSync(path.join(root, entry), { recursive: true, force: true });
    }
  }
}

export default async function setup(project: TestProject) {
  const configured = env().DATABASE_URL;
  let serverUrl: string;
  let stop = async () => {};
  if (configured) {
    serverUrl = databaseUrlFor(configured, "postgres");
  } else {
    // A cluster per run (initdb takes about a second), so parallel runs never share one.
    removeStaleClusters();
    const dataDir = path.join(env().DATA_DIR, `test-pg-${process.pid}`);
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    serverUrl = server.adminUrl;
    stop = async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }

  const template = `loris_test_template_${migrationsHash()}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  const existing = await client.query<{ datname: string }>("select datname from pg_database where datname like 'loris_test_template_%'");
  await client.end();
  for (const { datname } of existing.rows) if (datname !== template) await dropDatabase(serverUrl, datname);
  if (!existing.rows.some((r) => r.datname === template)) {
    await createDatabase(serverUrl, template);
    try {
      await migrateDatabase(databaseUrlFor(serverUrl, template));
    } catch (error) {
      await dropDatabase(serverUrl, template);
      throw error;
    }
  }

  project.provide("databaseServerUrl", serverUrl);
  project.provide("templateDatabase", template);
  return stop;
}
