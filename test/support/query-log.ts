// Records the SQL that lib/ code sends while `work` runs: a Prisma client with
// query events takes the place of the shared one (lib/db.ts keeps it on
// globalThis) and is put back afterwards. Statements sent with `sql` (the
// pool without Prisma) are not recorded. Used to measure what a page or a
// poll costs, not to mock anything — the queries run for real.
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl } from "../../lib/env";
import { db } from "../../lib/db";

const slot = globalThis as unknown as { lorisDb?: { prisma: PrismaClient } };

export async function recordQueries<T>(work: () => Promise<T>): Promise<{ result: T; queries: string[] }> {
  db(); // the shared client exists, so it can be put back
  const connection = slot.lorisDb!;
  const shared = connection.prisma;
  const url = databaseUrl();
  const logging = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4 }), log: [{ emit: "event", level: "query" }] });
  const queries: string[] = [];
  logging.$on("query", (event) => queries.push(event.query));
  connection.prisma = logging;
  try {
    return { result: await work(), queries };
  } finally {
    connection.prisma = shared;
    await logging.$disconnect();
  }
}
