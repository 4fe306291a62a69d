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

/**
 * Runs an attempt someone made (a login to Five9, to an export server) and,
 * if it fails, records the failure with the reason the person was shown —
 * then lets the error go on to them. Success is recorded by the caller, which
 * knows what was saved.
 */
export async function auditFailedAttempt<T>(entry: Omit<AuditEntry, "outcome" | "details">, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    await recordAudit({ ...entry, outcome: "failure", details: { reason } }).catch(() => undefined);
    throw error;
  }
}
