import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { SIM_NOW, fastSync, simulatorPerFile, storedCounts, tenantWithDomain } from "../../../test/support/ingest";
import { syncCallLog } from "./sync-call-log";

const ctx = simulatorPerFile();
const HOUR = 3_600_000;

describe("call log sync against the simulator", () => {
  it("stores exactly the calls Five9 reports, and a re-read adds no duplicates", async () => {
    const { sim } = ctx;
    const t = await tenantWithDomain(sim);
    sim.world.addCalls(t.domain.id, 500, new Date(SIM_NOW - 20 * HOUR), new Date(SIM_NOW - HOUR));
    const first = await syncCallLog(t.tenantId, fastSync(sim));
    expect(first.outcome, first.error).toBe("ok");
    const truth = sim.world.finishedCallsBetween(t.domain.id, new Date(SIM_NOW - 24 * HOUR), new Date(SIM_NOW));
    expect(truth.length).toBeGreaterThan(400);
    expect(await storedCounts(t.tenantId)).toEqual({ rows: truth.length, distinct: truth.length });
    const stored = await db().call.findMany({ where: { tenantId: t.tenantId }, orderBy: { startedAt: "asc" } });
    const byId = new Map(truth.map((c) => [c.callId, c]));
    for (const call of stored) {
      const sim = byId.get(call.five9CallId)!;
      // The call log prints whole seconds.
      expect(call.startedAt.getTime()).toBe(Math.floor(sim.startedAt.getTime() / 1000) * 1000);
      expect(call.durationSeconds).toBe(sim.durationSec);
      expect(call.agentUsername).toBe(sim.agentUsername);
    }
    const cursor = await db().syncCursor.findUniqueOrThrow({ where: { tenantId_stream: { tenantId: t.tenantId, stream: "call_log" } } });
    expect(cursor.cursor?.getTime()).toBe(Math.floor(SIM_NOW / 60_000) * 60_000);

    const again = await syncCallLog(t.tenantId, fastSync(sim, { overlapMs: 30 * HOUR }));
    expect(again.outcome).toBe("ok");
    expect(again.totals).toMatchObject({ inserted: 0, updated: 0, unchanged: truth.length });
    expect(await storedCounts(t.tenantId)).toEqual({ rows: truth.length, distinct: truth.length });
  });
});
