// `sql`, the pool without Prisma: values become $1, $2, …; timestamps (UTC
// without a zone, as Prisma writes them) read back as the same instant
// whatever the process's time zone; it shares the pool with Prisma.
import { afterEach, describe, expect, it } from "vitest";
import { createTenant } from "../test/support/fixtures";
import { db, sql } from "./db";
import { childProcessEnv, setProcessEnv } from "./env";

const zone = childProcessEnv().TZ;
afterEach(() => setProcessEnv({ TZ: zone }));

describe("database per test file", () => {
  it("is migrated and starts empty", async () => {
    expect(await db().tenant.count()).toBe(0);
    const tenant = await db().tenant.create({ data: { slug: "acme", name: "Acme" } });
    expect(tenant.status).toBe("pending");
    await expect(db().tenant.create({ data: { slug: "acme", name: "Dup" } })).rejects.toThrow();
  });
});

describe("sql", () => {
  it("numbers the values in order and sends arrays as arrays", async () => {
    const [row] = await sql<{ a: string; b: number; n: number }>`SELECT ${"x"}::text || ${"y"}::text AS a, ${41}::int + 1 AS b, cardinality(${["p", "q", "r"]}::text[]) AS n`;
    expect(row).toEqual({ a: "xy", b: 42, n: 3 });
  });

  it("reads a zoneless timestamp as UTC in any time zone, the same instant Prisma reads", async () => {
    setProcessEnv({ TZ: "America/New_York" });
    const tenant = await createTenant();
    const call = await db().call.create({ data: { tenantId: tenant.id, five9CallId: "tz-1", startedAt: new Date("2026-12-01T10:00:00.123Z"), raw: {} } });
    const [row] = await sql<{ startedAt: Date }>`SELECT "startedAt" FROM "Call" WHERE id = ${call.id}`;
    expect(row!.startedAt.toISOString()).toBe("2026-12-01T10:00:00.123Z");
    // An ISO string parameter lands as the same UTC wall time.
    await sql`UPDATE "Call" SET "startedAt" = ${"2026-12-01T11:30:00.000Z"}::timestamp(3) WHERE id = ${call.id}`;
    expect((await db().call.findUniqueOrThrow({ where: { id: call.id } })).startedAt.toISOString()).toBe("2026-12-01T11:30:00.000Z");
  });

  it("a statement that fails rejects with the database's error and changes nothing", async () => {
    const tenant = await createTenant();
    await expect(sql`INSERT INTO "Call" ("tenantId", "five9CallId", "startedAt", raw) VALUES (${tenant.id}, ${"bad"}, ${"not a time"}::timestamp, '{}')`).rejects.toThrow(/timestamp|invalid input/i);
    expect(await db().call.count({ where: { tenantId: tenant.id } })).toBe(0);
  });
});
