// `npm run db:migrate`: applies the migrations in prisma/migrations
// (`prisma migrate deploy`) to DATABASE_URL, or — when it is unset — to the
// embedded PostgreSQL the demo uses (data in DATA_DIR/pg, database "loris"),
// started for the run and stopped after. Says what it did, or why not.
import { readdirSync } from "node:fs";
import path from "node:path";
import { prepareAppDatabase } from "../dev/app-database";
import { createDatabase, databaseUrlFor } from "../dev/database-server";
import { loadEnvOrExit } from "../lib/env";

const USAGE = "Usage: tsx bin/db.ts migrate\n  migrate   apply every pending migration (prisma migrate deploy) to DATABASE_URL, or to the embedded database when DATABASE_URL is unset";

/** Where the URL points, without its password. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "DATABASE_URL";
  }
}

/** A fresh server has no application database yet: create it (as prisma migrate dev would), through the server's "postgres" database. */
async function createIfMissing(url: string, say: (line: string) => void): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!name || name === "postgres") return;
  const { Client } = (await import("pg")).default;
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    return; // it exists
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") return; // not "database does not exist": migrate deploy reports it
  } finally {
    await client.end().catch(() => {});
  }
  await createDatabase(databaseUrlFor(url, "postgres"), name);
  say(`Created the database ${name}.`);
}

async function migrate(): Promise<number> {
  const env = loadEnvOrExit();
  const say = (line: string) => console.log(`[db] ${line}`);
  const migrations = readdirSync(path.resolve("prisma/migrations"), { withFileTypes: true }).filter((d) => d.isDirectory()).length;
  say(env.DATABASE_URL ? `Migrating the database at ${describeUrl(env.DATABASE_URL)} (${migrations} migrations in prisma/migrations)…` : `DATABASE_URL is not set: migrating the embedded PostgreSQL (data in ${env.DATA_DIR}/pg)…`);
  try {
    if (env.DATABASE_URL) await createIfMissing(env.DATABASE_URL, say);
    const database = await prepareAppDatabase({ databaseName: "loris", dataSubdir: "pg", log: say });
    await database.stop();
    say(`Done: every migration is applied to ${describeUrl(database.url)}.`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`[db] Migration failed: ${message}`);
    if (/ECONNREFUSED|P1001|Can't reach database server|connect/i.test(message)) console.error("[db] Is PostgreSQL running at DATABASE_URL, and is the URL right (postgresql://user:password@host:5432/dbname)?");
    return 1;
  }
}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (command === "migrate" && rest.length === 0) return migrate();
  console.error(command ? `[db] Unknown command: ${[command, ...rest].join(" ")}\n${USAGE}` : USAGE);
  return 64; // EX_USAGE
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(`[db] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
