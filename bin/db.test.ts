// `npm run db:migrate` (bin/db.ts) run as a process: it applies every
// migration to DATABASE_URL and says so, is a no-op the second time, and
// fails with a clear message for a bad command or an unreachable database.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { childProcessEnv, databaseUrl } from "../lib/env";
import { databaseUrlFor, dropDatabase } from "../dev/database-server";

const serverUrl = databaseUrlFor(databaseUrl(), "postgres");
const name = `loris_dbts_${process.pid}`;
const target = databaseUrlFor(serverUrl, name);

function run(args: string[], env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("node_modules/.bin/tsx", ["bin/db.ts", ...args], { env: childProcessEnv(env), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

async function appliedMigrations(): Promise<number> {
  const client = new pg.Client({ connectionString: target });
  await client.connect();
  try {
    return Number((await client.query(`SELECT count(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL`)).rows[0].n);
  } finally {
    await client.end();
  }
}

afterAll(() => dropDatabase(serverUrl, name));

describe("bin/db.ts", () => {
  it("migrate creates the database when missing, applies every migration to DATABASE_URL, and a second run changes nothing", async () => {
    const first = await run(["migrate"], { DATABASE_URL: target });
    expect(first.code, first.output).toBe(0);
    expect(first.output).toMatch(new RegExp(`Migrating the database at 127\\.0\\.0\\.1:\\d+/${name}`));
    expect(first.output).toMatch(new RegExp(`Created the database ${name}`));
    expect(first.output).toMatch(/Done: every migration is applied/);
    const folders = readdirSync("prisma/migrations", { withFileTypes: true }).filter((d) => d.isDirectory()).length;
    expect(await appliedMigrations()).toBe(folders);
    const again = await run(["migrate"], { DATABASE_URL: target });
    expect(again.code, again.output).toBe(0);
    expect(await appliedMigrations()).toBe(folders);
  }, 120_000);

  it("says how to use it for a missing or unknown command (exit 64)", async () => {
    const none = await run([], { DATABASE_URL: target });
    expect(none).toMatchObject({ code: 64, output: expect.stringMatching(/Usage: tsx bin\/db\.ts migrate/) });
    const unknown = await run(["drop-everything"], { DATABASE_URL: target });
    expect(unknown).toMatchObject({ code: 64, output: expect.stringMatching(/Unknown command: drop-everything/) });
  });

  it("names the problem when the database cannot be reached or the URL is malformed", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const down = await run(["migrate"], { DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/nothing` });
    expect(down.code, down.output).toBe(1);
    expect(down.output).toMatch(/Migration failed/);
    expect(down.output).toMatch(/Is PostgreSQL running at DATABASE_URL/);
    const malformed = await run(["migrate"], { DATABASE_URL: "mysql://x" });
    expect(malformed.code).toBe(78);
    expect(malformed.output).toMatch(/DATABASE_URL: must be a postgresql:\/\/ URL/);
  }, 120_000);
});
