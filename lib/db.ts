// The one database connection pool of a process, with the Prisma client on
// it (through the pg driver adapter) and `sql`, the same pool without Prisma,
// for the few hot batched statements of the voicestream process.
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { databaseUrl } from "./env";

interface Connection {
  url: string;
  pool: pg.Pool;
  prisma: PrismaClient;
}

const globalForDb = globalThis as unknown as { lorisDb?: Connection };

/** The shared pool and client; re-created if DATABASE_URL changed (tests point each file at its own database). */
function connection(): Connection {
  const url = databaseUrl();
  const current = globalForDb.lorisDb;
  if (current && current.url === url) return current;
  if (current) void close(current);
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server dropped is replaced on the next query; the error must not crash the process.
  pool.on("error", () => undefined);
  const created = { url, pool, prisma: new PrismaClient({ adapter: new PrismaPg(pool) }) };
  globalForDb.lorisDb = created;
  return created;
}

async function close(c: Connection): Promise<void> {
  await c.prisma.$disconnect().catch(() => undefined);
  await c.pool.end().catch(() => undefined);
}

export function db(): PrismaClient {
  return connection().prisma;
}

export async function disconnectDb(): Promise<void> {
  const current = globalForDb.lorisDb;
  globalForDb.lorisDb = undefined;
  if (current) await close(current);
}

/** `timestamp` (without zone) columns hold UTC, as Prisma writes them; pg would read them as local time. */
const UTC_TIMESTAMPS: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === pg.types.builtins.TIMESTAMP ? (value: string) => new Date(`${value.replace(" ", "T")}Z`) : pg.types.getTypeParser(oid, format as "text")) as pg.CustomTypesConfig["getTypeParser"],
};

/**
 * A statement straight on the pool, as a tagged template (values become $1, $2, …). Prisma's
 * query compiler costs ~1.5 ms of CPU a statement, pg ~0.15 ms: for the receiver's batched
 * statements (legs opening together, progress saves, live notices), dozens a second during a
 * burst of openings, that was most of what opening a leg cost. Everything else uses `db()`.
 * Pass times as ISO strings (a Date parameter is sent in local time); bigint columns come back as
 * strings — select them `::float8` where a number is wanted.
 */
export async function sql<R = Record<string, unknown>>(strings: TemplateStringsArray, ...values: unknown[]): Promise<R[]> {
  let text = strings[0]!;
  for (let i = 1; i < strings.length; i++) text += `$${i}${strings[i]}`;
  const result = await connection().pool.query({ text, values, types: UTC_TIMESTAMPS });
  return result.rows as R[];
}

/**
 * Opens `connections` of the pool and loads Prisma's query compiler (its first statement blocks
 * the event loop ~100 ms): a process that takes a burst of work as soon as it starts (a receiver
 * taking over the legs of one that stopped) calls this first; cold, its first batch took ~200 ms longer.
 */
export async function warmUpDatabase(connections = 4): Promise<void> {
  await Promise.all([databaseAnswers(), ...Array.from({ length: connections }, () => sql`SELECT 1`)]);
}

/** Resolves when the database answers a trivial query (the web health endpoint); rejects otherwise. */
export async function databaseAnswers(): Promise<void> {
  await db().$queryRaw`select 1`;
}
