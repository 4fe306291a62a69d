// The ingestion page polls its status every 2 s while a backfill runs. With
// a query log: a poll where nothing moved runs no whole-tenant count and no
// per-day aggregate; when a sync run or a backfill moves, they are computed
// again and show the new calls.
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { ingestionStatus } from "./ingestion-status";
import { createTenant } from "../../test/support/fixtures";
import { recordQueries } from "../../test/support/query-log";

const NOW = new Date("2026-11-20T12:00:00Z");
const heavy = (queries: string[]) => queries.filter((q) => /count\(|percentile_cont/i.test(q));

describe("ingestion status poll cost", () => {
  it("counts only when something moved", async () => {
    const tenant = await createTenant();
    const addCall = (n: number) => db().call.create({ data: { tenantId: tenant.id, five9CallId: `Q${n}`, startedAt: new Date(NOW.getTime() - n * 60_000), raw: {} } });
    await addCall(1);
    const cursor = await db().syncCursor.create({ data: { tenantId: tenant.id, stream: "call_log", lastRunAt: new Date("2026-11-20T11:00:00Z") } });

    const first = await recordQueries(() => ingestionStatus(tenant.id, NOW));
    expect(first.result.totals.calls).toBe(1);
    expect(heavy(first.queries).length).toBeGreaterThanOrEqual(4);

    for (let poll = 0; poll < 5; poll++) {
      const again = await recordQueries(() => ingestionStatus(tenant.id, NOW));
      expect(heavy(again.queries)).toEqual([]);
      expect(again.result.totals.calls).toBe(1);
    }

    // A sync run stores two calls and moves its cursor: the next poll shows them.
    await addCall(2);
    await addCall(3);
    await db().syncCursor.update({ where: { id: cursor.id }, data: { lastRunAt: new Date("2026-11-20T11:01:00Z") } });
    const moved = await recordQueries(() => ingestionStatus(tenant.id, NOW));
    expect(heavy(moved.queries).length).toBeGreaterThanOrEqual(4);
    expect(moved.result.totals.calls).toBe(3);
    expect(moved.result.days.at(-1)!.calls).toBe(3);

    // A backfill advancing counts as movement too.
    const backfill = await db().backfill.create({ data: { tenantId: tenant.id, from: new Date("2026-11-01T00:00:00Z"), to: new Date("2026-11-02T00:00:00Z"), status: "running", totalParts: 4 } });
    await recordQueries(() => ingestionStatus(tenant.id, NOW));
    await db().backfill.update({ where: { id: backfill.id }, data: { doneParts: 1, callsFound: 1 } });
    await addCall(4);
    const advanced = await recordQueries(() => ingestionStatus(tenant.id, NOW));
    expect(advanced.result.totals.calls).toBe(4);
  });
});
