// The audit log: who did what, when, with which outcome.
import type { Prisma } from "@prisma/client";
import { db } from "./db";

export interface AuditEntry {
  action: string;
  tenantId?: string | null;
  actor?: { id: string; email: string } | null;
  target?: string;
  outcome?: "success" | "failure";
  details?: Prisma.InputJsonValue;
}

export async function recordAudit(entry: AuditEntry, client: Prisma.TransactionClient = db()): Promise<void> {
  await client.auditLog.create({
    data: {
      action: entry.action,
      tenantId: entry.tenantId ?? null,
      actorUserId: entry.actor?.id ?? null,
      actorEmail: entry.actor?.email ?? null,
      target: entry.target,
      outcome: entry.outcome ?? "success",
      details: entry.details,
    },
  });
}

export function listTenantAudit(tenantId: string, options: { take?: number; before?: Date } = {}) {
  return db().auditLog.findMany({
    where: { tenantId, ...(options.before ? { createdAt: { lt: options.before } } : {}) },
    orderBy: { createdAt: "desc" },
    take: Math.min(options.take ?? 50, 200),
  });
}
