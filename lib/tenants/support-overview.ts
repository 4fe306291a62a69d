// Support's view of every tenant at once: the latest health verdict, how far
// the call log is stored, and what is stuck — three grouped queries, not one per tenant.
import { db } from "../db";

export interface TenantOps { health: { fail: number; warn: number; at: string } | null; cursor: string | null; stopped: boolean; deadLetters: number }

export async function supportOverview(tenantIds: string[]): Promise<Map<string, TenantOps>> {
  const [runs, cursors, dead] = await Promise.all([
    db().healthRun.findMany({ where: { tenantId: { in: tenantIds }, finishedAt: { not: null } }, orderBy: { startedAt: "desc" }, distinct: ["tenantId"], include: { results: { select: { status: true } } } }),
    db().syncCursor.findMany({ where: { tenantId: { in: tenantIds }, stream: { in: ["call_log", "media"] } } }),
    db().deadLetter.groupBy({ by: ["tenantId"], where: { tenantId: { in: tenantIds }, resolvedAt: null }, _count: { _all: true } }),
  ]);
  const ops = new Map<string, TenantOps>(tenantIds.map((id) => [id, { health: null, cursor: null, stopped: false, deadLetters: 0 }]));
  for (const run of runs) {
    ops.get(run.tenantId)!.health = { fail: run.results.filter((r) => r.status === "fail").length, warn: run.results.filter((r) => r.status === "warn").length, at: run.startedAt.toISOString() };
  }
  for (const c of cursors) {
    const entry = ops.get(c.tenantId)!;
    if (c.stream === "call_log") entry.cursor = c.cursor?.toISOString() ?? null;
    entry.stopped ||= Boolean(c.stoppedAt);
  }
  for (const d of dead) ops.get(d.tenantId)!.deadLetters = d._count._all;
  return ops;
}
