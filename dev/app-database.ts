// The database the demo and the browser tests use: DATABASE_URL when set,
// otherwise an embedded PostgreSQL with its data in DATA_DIR. Migrated before use.
import path from "node:path";
import { env } from "../lib/env";
import { createDatabase, databaseUrlFor, dropDatabase, migrateDatabase, startEmbeddedPostgres } from "./database-server";

export interface AppDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function prepareAppDatabase(options: { databaseName: string; fresh?: boolean; dataSubdir: string; port?: number; log?: (line: string) => void }): Promise<AppDatabase> {
  const configured = env().DATABASE_URL;
  if (configured && !options.fresh) {
    await migrateDatabase(configured);
    return { url: configured, embedded: false, stop: async () => {} };
  }
  let serverUrl: string;
  let stop = async () => {};
  if (configured) {
    serverUrl = databaseUrlFor(configured, "postgres");
  } else {
    const server = await startEmbeddedPostgres({ dataDir: path.join(env().DATA_DIR, options.dataSubdir), port: options.port ?? env().EMBEDDED_PG_PORT, log: options.log });
    serverUrl = server.adminUrl;
    stop = server.stop;
  }
  if (options.fresh) await dropDatabase(serverUrl, options.databaseName);
  await createDatabase(serverUrl, options.databaseName);
  const url = databaseUrlFor(serverUrl, options.databaseName);
  await migrateDatabase(url);
  return { url, embedded: !configured, stop };
}
