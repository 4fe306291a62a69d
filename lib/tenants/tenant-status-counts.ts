// How many tenants are in each status, counted by the database (support's
// console shows these totals above one page of tenants).
import type { TenantStatus } from "@prisma/client";
import { db } from "../db";

export async function tenantStatusCounts(): Promise<Partial<Record<TenantStatus, number>>> {
  const groups = await db().tenant.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.status, g._count._all]));
}
