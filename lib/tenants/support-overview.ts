// Support's view of every tenant at once: the latest health verdict, how far
// the call log is stored, and what is stuck — a few grouped queries for a page
// of tenants, not one per tenant, and nothing filtered in memory.
import { gapCounts } from "../bridge/ledger/ledger";
import { bridgeModeLine } from "../bridge/modes/mode-line";
import { db } from "../db";

export interface TenantOps {
  health: { fail: number; warn: number; at: string } | null;
  cursor: string | null;
  stopped: boolean;
  deadLetters: number;
  /** The bridge mode in one line (with the watermark) and the ledger's gaps over the last 30 days. */
  bridge: { line: string; gaps: number };
}

/** Per tenant, its newest finished health run: one backward index scan on (tenantId, startedAt) each, in the database. */
function latestFinishedRuns(tenantIds: string[]) {
  return db().$queryRaw<{ id: string; tenantId: string; startedAt: Date }[]>`
    SELECT r."id", r."tenantId", r."startedAt"
    FROM unnest(${tenantIds}::text[]) AS t("id")
    CROSS JOIN LATERAL (
      SELECT "id", "tenantId", "startedAt" FROM "HealthRun"
      WHERE "tenantId" = t."id" AND "finishedAt" IS NOT NULL
      ORDER BY "startedAt" DESC LIMIT 1
    ) r`;
}

export async function supportOverview(tenantIds: string[], now = new Date()): Promise<Map<string, TenantOps>> {
  const [runs, cursors, dead, bridges, exports, gaps] = await Promise.all([
    latestFinishedRuns(tenantIds),
    db().syncCursor.findMany({ where: { tenantId: { in: tenantIds }, stream: { in: ["call_log", "media"] } } }),
    db().deadLetter.groupBy({ by: ["tenantId"], where: { tenantId: { in: tenantIds }, resolvedAt: null }, _count: { _all: true } }),
    db().tenant.findMany({ where: { id: { in: tenantIds } }, select: { id: true, bridgeMode: true, bridgeWatermark: true, bridgeDrainUntil: true } }),
    db().legacyExportSource.findMany({ where: { tenantId: { in: tenantIds } }, select: { tenantId: true } }),
    gapCounts(tenantIds, 30, now),
  ]);
  const verdicts = runs.length
    ? await db().healthResult.groupBy({ by: ["runId", "status"], where: { runId: { in: runs.map((r) => r.id) }, status: { in: ["fail", "warn"] } }, _count: { _all: true } })
    : [];
  const ops = new Map<string, TenantOps>(tenantIds.map((id) => [id, { health: null, cursor: null, stopped: false, deadLetters: 0, bridge: { line: "—", gaps: 0 } }]));
  const countOf = (runId: string, status: "fail" | "warn") => verdicts.find((v) => v.runId === runId && v.status === status)?._count._all ?? 0;
  for (const run of runs) ops.get(run.tenantId)!.health = { fail: countOf(run.id, "fail"), warn: countOf(run.id, "warn"), at: run.startedAt.toISOString() };
  for (const c of cursors) {
    const entry = ops.get(c.tenantId)!;
    if (c.stream === "call_log") entry.cursor = c.cursor?.toISOString() ?? null;
    entry.stopped ||= Boolean(c.stoppedAt);
  }
  for (const d of dead) ops.get(d.tenantId)!.deadLetters = d._count._all;
  const withExport = new Set(exports.map((e) => e.tenantId));
  for (const t of bridges) ops.get(t.id)!.bridge = { line: bridgeModeLine(t, withExport.has(t.id)), gaps: gaps.get(t.id) ?? 0 };
  return ops;
}
