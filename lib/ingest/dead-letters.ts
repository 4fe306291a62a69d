// Items that could not be ingested, with the reason, until they succeed: a
// malformed call log row (keyed by its call id when readable), a window that
// keeps failing. Recording the same item again counts another attempt;
// storing it later marks it resolved.
import type { Prisma, PrismaClient } from "@prisma/client";
import { db } from "../db";

type Client = Prisma.TransactionClient | PrismaClient;

export type DeadLetterKind = "call_log_row" | "call_log_window" | "media";

export interface DeadLetterInput {
  tenantId: string;
  kind: DeadLetterKind;
  itemKey: string;
  five9CallId?: string | null;
  /** The call log window it came from (retrying reads it again). */
  window?: { from: number; to: number };
  reason: string;
  lastError?: string;
}

/** Records (or counts again) a failed item; answers how many times it has failed. */
export async function recordDeadLetter(input: DeadLetterInput, client: Client = db()): Promise<number> {
  const now = new Date();
  const window = input.window ? { windowFrom: new Date(input.window.from), windowTo: new Date(input.window.to) } : {};
  const letter = await client.deadLetter.upsert({
    where: { tenantId_kind_itemKey: { tenantId: input.tenantId, kind: input.kind, itemKey: input.itemKey } },
    create: { tenantId: input.tenantId, kind: input.kind, itemKey: input.itemKey, five9CallId: input.five9CallId ?? null, ...window, reason: input.reason, lastError: input.lastError ?? input.reason, firstFailedAt: now, lastFailedAt: now },
    update: { ...window, reason: input.reason, lastError: input.lastError ?? input.reason, attempts: { increment: 1 }, lastFailedAt: now, resolvedAt: null },
    select: { attempts: true },
  });
  return letter.attempts;
}

/** Marks open dead letters of these items resolved (they were stored after all). */
export async function resolveDeadLetters(tenantId: string, kind: DeadLetterKind, itemKeys: string[], client: Client = db()): Promise<number> {
  if (itemKeys.length === 0) return 0;
  return client.$executeRaw`
    UPDATE "DeadLetter" SET "resolvedAt" = now()
    WHERE "tenantId" = ${tenantId} AND kind = ${kind} AND "resolvedAt" IS NULL AND "itemKey" = ANY(${itemKeys}::text[])`;
}

export function openDeadLetters(tenantId: string, take = 100) {
  return db().deadLetter.findMany({ where: { tenantId, resolvedAt: null }, orderBy: { lastFailedAt: "desc" }, take });
}
