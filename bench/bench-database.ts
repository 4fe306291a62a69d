// A fresh, migrated database for one benchmark run on the server of
// DATABASE_URL (or the machine's PostgreSQL), dropped at the end.
import { createDatabase, databaseUrlFor, dropDatabase, migrateDatabase } from "../dev/database-server";
import { disconnectDb } from "../lib/db";
import { env, setProcessEnv } from "../lib/env";

export async function withBenchDatabase<T>(name: string, run: (url: string) => Promise<T>): Promise<T> {
  const server = databaseUrlFor(env().DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres", "postgres");
  const database = `bench_${name}_${process.pid}`;
  await createDatabase(server, database);
  const url = databaseUrlFor(server, database);
  try {
    await migrateDatabase(url);
    setProcessEnv({ DATABASE_URL: url, LOG_LEVEL: "silent" });
    return await run(url);
  } finally {
    await disconnectDb();
    await dropDatabase(server, database);
  }
}
