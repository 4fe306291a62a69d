import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { SIM_NOW, fastSync, simulatorPerFile, storedCounts, tenantWithDomain } from "../../../test/support/ingest";
import { cancelBackfill, createBackfill, pauseBackfill, resumeBackfill } from "./backfill-control";
import { runBackfill, runBackfillPart } from "./run-backfill";

const ctx = simulatorPerFile({ seed: 3 });
const DAY = 86_400_000;
const FROM = Date.parse("2026-11-10T00:00:00Z");

async function tenantWithHistory() {
  const t = await tenantWithDomain(ctx.sim);
  ctx.sim.world.addCalls(t.domain.id, 600, new Date(FROM), new Date(FROM + 3 * DAY));
  const truth = ctx.sim.world.finishedCallsBetween(t.domain.id, new Date(FROM), new Date(FROM + 3 * DAY));
  return { ...t, truth };
}

describe("backfill", () => {
  it("reads a range part by part, pauses between windows, resumes, and skips finished parts after a restart", async () => {
    const t = await tenantWithHistory();
    const backfill = await createBackfill(t.tenantId, { from: new Date(FROM), to: new Date(FROM + 3 * DAY), requestedBy: "support@example.test" });
    expect(backfill).toMatchObject({ status: "queued", totalParts: 3 });
    const parts = await db().backfillPart.findMany({ where: { backfillId: backfill.id }, orderBy: { index: "asc" } });

    // A worker finishes part 1, then dies; the restarted run must not read it again.
    expect((await runBackfillPart(parts[0]!.id, fastSync(ctx.sim))).completed).toBe(true);
    const runsOfPart0 = await db().ingestRun.count({ where: { backfillId: backfill.id, windowFrom: parts[0]!.from } });

    // Pause arrives while part 2 is being read: it stops after the current window.
    let paused = false;
    const outcome = await runBackfill(backfill.id, {
      ...fastSync(ctx.sim),
      afterStore: async () => {
        if (!paused) await pauseBackfill(t.tenantId, backfill.id);
        paused = true;
      },
    });
    expect(outcome).toBe("paused");
    expect(await db().backfill.findUniqueOrThrow({ where: { id: backfill.id } })).toMatchObject({ status: "paused", doneParts: 1 });

    await resumeBackfill(t.tenantId, backfill.id);
    expect(await runBackfill(backfill.id, fastSync(ctx.sim))).toBe("done");
    const done = await db().backfill.findUniqueOrThrow({ where: { id: backfill.id }, include: { parts: true } });
    expect(done).toMatchObject({ status: "done", doneParts: 3, callsFound: t.truth.length });
    expect(done.parts.every((p) => p.status === "done")).toBe(true);
    expect(await db().ingestRun.count({ where: { backfillId: backfill.id, windowFrom: parts[0]!.from } })).toBe(runsOfPart0);
    expect(await storedCounts(t.tenantId)).toEqual({ rows: t.truth.length, distinct: t.truth.length });
  });

  it("two runs of one backfill at once (two worker slots) count each part once: progress never passes 100 %", async () => {
    const t = await tenantWithHistory();
    const backfill = await createBackfill(t.tenantId, { from: new Date(FROM), to: new Date(FROM + DAY) });
    const outcomes = await Promise.all([runBackfill(backfill.id, fastSync(ctx.sim)), runBackfill(backfill.id, fastSync(ctx.sim))]);
    expect(outcomes).toContain("done");
    const done = await db().backfill.findUniqueOrThrow({ where: { id: backfill.id } });
    expect(done).toMatchObject({ status: "done", doneParts: 1, totalParts: 1 });
    const firstDay = t.truth.filter((c) => c.startedAt.getTime() < FROM + DAY).length;
    expect(done.callsFound).toBe(firstDay);
  });

  it("cancel stops a backfill before its next part and cannot be resumed", async () => {
    const t = await tenantWithHistory();
    const backfill = await createBackfill(t.tenantId, { from: new Date(FROM), to: new Date(FROM + 3 * DAY) });
    await cancelBackfill(t.tenantId, backfill.id);
    expect(await runBackfill(backfill.id, fastSync(ctx.sim))).toBe("cancelled");
    expect(await storedCounts(t.tenantId)).toEqual({ rows: 0, distinct: 0 });
    await expect(resumeBackfill(t.tenantId, backfill.id)).rejects.toThrow(/cancelled/);
    await expect(pauseBackfill("another-tenant", backfill.id)).rejects.toThrow(/No such backfill/);
  });

  it("refuses an empty or reversed range", async () => {
    const t = await tenantWithDomain(ctx.sim);
    await expect(createBackfill(t.tenantId, { from: new Date(SIM_NOW), to: new Date(SIM_NOW) })).rejects.toThrow(/after its start/);
  });
});
