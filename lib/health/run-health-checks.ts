// Runs the catalog for a tenant: one HealthRun, each check's result written
// the moment it finishes (the page polls and shows them as they arrive), the
// run closed when all are done. A check that throws is recorded as a failure.
// The token check goes first (it may renew the token), the rest together; a
// check that needs one that failed is recorded as skipped, saying so, rather
// than passing on stale data.
import type { HealthRun } from "@prisma/client";
import { recordAudit } from "../audit";
import { db } from "../db";
import { logger } from "../log";
import { HEALTH_CHECKS, type CheckContext, type CheckOutcome, type HealthCheck } from "./checks";

const CHECK_TIMEOUT_MS = 30_000;

function skippedFor(blocker: HealthCheck): CheckOutcome {
  const needs = blocker.id === "token" ? "a working Five9 authorization" : `“${blocker.title}” to pass`;
  return { status: "skipped", message: `Skipped: needs ${needs}.`, fixHint: `Fix “${blocker.title}” first.` };
}

export async function startHealthRun(tenantId: string, trigger: "manual" | "scheduled" | "install", triggeredBy?: string): Promise<HealthRun> {
  return db().healthRun.create({ data: { tenantId, trigger, triggeredBy } });
}

/** Runs the checks of a started run; `actor` is the person who asked for it (null for scheduled runs), and the audit entry is theirs. */
export async function executeHealthRun(runId: string, actor: { id: string; email: string } | null = null): Promise<{ pass: number; warn: number; fail: number; skipped: number }> {
  const run = await db().healthRun.findUniqueOrThrow({ where: { id: runId }, include: { tenant: { include: { install: true } } } });
  const ctx: CheckContext = { tenant: run.tenant, install: run.tenant.install };
  const checks = HEALTH_CHECKS.filter((c) => c.appliesTo(ctx));
  const counts = { pass: 0, warn: 0, fail: 0, skipped: 0 };
  const failed = new Set<string>();
  const runOne = async (check: HealthCheck) => {
    const started = Date.now();
    const blocker = checks.find((c) => check.needs?.includes(c.id) && failed.has(c.id));
    const outcome = blocker ? skippedFor(blocker) : await Promise.race([
      check.run(ctx),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS / 1000} s`)), CHECK_TIMEOUT_MS).unref()),
    ]).catch((error: unknown) => {
      logger("health").warn({ tenantId: run.tenantId, check: check.id, err: error }, "health check threw");
      return { status: "fail" as const, message: `The check could not run: ${error instanceof Error ? error.message : String(error)}`, fixHint: "Run the checks again; if it persists, contact Loris support." };
    });
    counts[outcome.status]++;
    if (outcome.status === "fail") failed.add(check.id);
    await db().healthResult.create({
      data: { runId, tenantId: run.tenantId, checkId: check.id, title: check.title, status: outcome.status, message: outcome.message, fixHint: outcome.fixHint ?? null, durationMs: Date.now() - started },
    });
  };
  for (const check of checks.filter((c) => c.runsFirst)) await runOne(check);
  await Promise.all(checks.filter((c) => !c.runsFirst).map(runOne));
  await db().healthRun.update({ where: { id: runId }, data: { finishedAt: new Date() } });
  await recordAudit({ action: "health.run", tenantId: run.tenantId, actor, outcome: counts.fail > 0 ? "failure" : "success", details: { trigger: run.trigger, triggeredBy: run.triggeredBy, ...counts } });
  return counts;
}

/** A run with its results, for the page and the API. */
export function healthRunWithResults(tenantId: string, runId: string) {
  return db().healthRun.findFirst({ where: { id: runId, tenantId }, include: { results: { orderBy: { createdAt: "asc" } } } });
}

export function latestHealthRun(tenantId: string) {
  return db().healthRun.findFirst({ where: { tenantId }, orderBy: { startedAt: "desc" }, include: { results: { orderBy: { createdAt: "asc" } } } });
}

export function healthHistory(tenantId: string, take = 20) {
  return db().healthRun.findMany({ where: { tenantId, finishedAt: { not: null } }, orderBy: { startedAt: "desc" }, take, include: { results: { select: { status: true } } } });
}
