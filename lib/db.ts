// The one Prisma client of a process, connected through the pg driver adapter.
import { PrismaClient } from "@prisma/client";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl } from "./env";

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; prismaUrl?: string };

export function createPrismaClient(url: string = databaseUrl()): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
}

/** Shared client; re-created if DATABASE_URL changed (tests point each file at its own database). */
export function db(): PrismaClient {
  const url = databaseUrl();
  if (!globalForPrisma.prisma || globalForPrisma.prismaUrl !== url) {
    void globalForPrisma.prisma?.$disconnect();
    globalForPrisma.prisma = createPrismaClient(url);
    globalForPrisma.prismaUrl = url;
  }
  return globalForPrisma.prisma;
}

export async function disconnectDb(): Promise<void> {
  await globalForPrisma.prisma?.$disconnect();
  globalForPrisma.prisma = undefined;
  globalForPrisma.prismaUrl = undefined;
}

/** Resolves when the database answers a trivial query (the web health endpoint); rejects otherwise. */
export async function databaseAnswers(): Promise<void> {
  await db().$queryRaw`select 1`;
}
