// Bad input and failures, driven through the simulator's fault switches; the
// counts are exact: calls in the simulator = calls stored, no duplicates.
import { afterEach, describe, expect, it } from "vitest";
import { contextFor } from "../../crypto/sealed-fields";
import { sealSecret } from "../../crypto/secrets";
import { db } from "../../db";
import { callLogHealth } from "../ingestion-health";
import { SIM_NOW, fastSync, simulatorPerFile, storedCounts, tenantWithDomain } from "../../../test/support/ingest";
import { syncCallLog } from "./sync-call-log";

const ctx = simulatorPerFile({ seed: 11 });
const HOUR = 3_600_000;

afterEach(() => ctx.sim.faults.clear());

async function tenantWithCalls(count = 200) {
  const t = await tenantWithDomain(ctx.sim);
  ctx.sim.world.addCalls(t.domain.id, count, new Date(SIM_NOW - 10 * HOUR), new Date(SIM_NOW - 2 * HOUR));
  const truth = ctx.sim.world.finishedCallsBetween(t.domain.id, new Date(SIM_NOW - 24 * HOUR), new Date(SIM_NOW));
  return { ...t, truth };
}

describe("call log sync: bad input and failures", () => {
  it("sends a malformed row to the dead letters with its call id, then stores it when it reads well", async () => {
    const t = await tenantWithCalls();
    ctx.sim.faults.add({ type: "malformed_csv_row", count: 1 });
    // One window, so the fault hits the report that holds the calls.
    const first = await syncCallLog(t.tenantId, fastSync(ctx.sim, { maxWindowMs: 24 * HOUR }));
    expect(first.outcome, first.error).toBe("ok");
    expect(first.totals?.rejected).toBe(1);
    expect(await storedCounts(t.tenantId)).toEqual({ rows: t.truth.length - 1, distinct: t.truth.length - 1 });
    const [dead] = await db().deadLetter.findMany({ where: { tenantId: t.tenantId } });
    const stored = new Set((await db().call.findMany({ where: { tenantId: t.tenantId }, select: { five9CallId: true } })).map((c) => c.five9CallId));
    const missing = t.truth.find((c) => !stored.has(c.callId))!;
    expect(dead).toMatchObject({ kind: "call_log_row", five9CallId: missing.callId, itemKey: missing.callId, resolvedAt: null });
    expect(dead!.reason).toMatch(/3 fields, the header has 17/);
    expect((await callLogHealth(t.tenantId, SIM_NOW)).status).toBe("warn");

    // The next run re-reads the overlap: the row is whole now.
    const second = await syncCallLog(t.tenantId, fastSync(ctx.sim, { overlapMs: 24 * HOUR }));
    expect(second.outcome).toBe("ok");
    expect(await storedCounts(t.tenantId)).toEqual({ rows: t.truth.length, distinct: t.truth.length });
    expect((await db().deadLetter.findUniqueOrThrow({ where: { id: dead!.id } })).resolvedAt).not.toBeNull();
    expect((await callLogHealth(t.tenantId, SIM_NOW)).status).toBe("pass");
  });

  it("keeps rows with an unknown column, by header name", async () => {
    const t = await tenantWithCalls(100);
    ctx.sim.faults.add({ type: "extra_csv_column" });
    const result = await syncCallLog(t.tenantId, fastSync(ctx.sim));
    expect(result.outcome, result.error).toBe("ok");
    expect(await storedCounts(t.tenantId)).toEqual({ rows: t.truth.length, distinct: t.truth.length });
    const call = await db().call.findFirstOrThrow({ where: { tenantId: t.tenantId, five9CallId: t.truth[0]!.callId } });
    expect(call.campaign).toBe(t.truth[0]!.campaign);
    expect(call.raw).toHaveProperty("CALL SURVEY SCORE");
    expect(await db().deadLetter.count({ where: { tenantId: t.tenantId } })).toBe(0);
  });

  it("retries through a storm of 503s, resets and 429s and stores everything once", async () => {
    const t = await tenantWithCalls();
    ctx.sim.faults.add({ endpoint: "/wsadmin", type: "status", status: 503, count: 4 });
    ctx.sim.faults.add({ endpoint: "/wsadmin", type: "reset", count: 2 });
    ctx.sim.faults.add({ endpoint: "/wsadmin", type: "status", status: 429, retryAfterSeconds: 1, count: 2 });
    const options = fastSync(ctx.sim, { retry: { baseMs: 5, maxMs: 40, attempts: 12 } });
    // Retry-After is honoured on the simulator's clock: let it run.
    ctx.sim.clock.setSpeed(1);
    const result = await syncCallLog(t.tenantId, options).finally(() => {
      ctx.sim.clock.setSpeed(0);
      ctx.sim.clock.set(SIM_NOW);
    });
    expect(result.outcome, result.error).toBe("ok");
    expect(await storedCounts(t.tenantId)).toEqual({ rows: t.truth.length, distinct: t.truth.length });
    const run = await db().ingestRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect((run.counts as { retries: number }).retries).toBe(8);
    expect(ctx.sim.faults.list().every((f) => f.fired === f.count)).toBe(true);
  });

  it("stops the tenant's sync when Five9 refuses the credentials, says what to do, and restarts once they change", async () => {
    const t = await tenantWithCalls(50);
    const admin = t.domain.users.find((u) => u.role === "admin")!;
    admin.password = "changed-in-five9";
    const result = await syncCallLog(t.tenantId, fastSync(ctx.sim));
    expect(result.outcome).toBe("stopped");
    const cursor = await db().syncCursor.findFirstOrThrow({ where: { tenantId: t.tenantId } });
    expect(cursor).toMatchObject({ stopKind: "unauthorized", cursor: null });
    const health = await callLogHealth(t.tenantId, SIM_NOW);
    expect(health.status).toBe("fail");
    expect(health.fixHint).toMatch(/History access step/);
    expect(await storedCounts(t.tenantId)).toEqual({ rows: 0, distinct: 0 });

    // Still stopped: nobody fixed anything, and Five9 is not asked again.
    const before = await db().ingestRun.count({ where: { tenantId: t.tenantId } });
    expect((await syncCallLog(t.tenantId, fastSync(ctx.sim))).outcome).toBe("stopped");
    expect(await db().ingestRun.count({ where: { tenantId: t.tenantId } })).toBe(before);

    // The admin saves the new password: the sync starts again by itself.
    await new Promise((r) => setTimeout(r, 5));
    await db().supervisorCredential.update({ where: { tenantId: t.tenantId }, data: { passwordSealed: sealSecret(admin.password, contextFor("supervisorCredential", t.tenantId, "passwordSealed")) } });
    const again = await syncCallLog(t.tenantId, fastSync(ctx.sim));
    expect(again.outcome, again.error).toBe("ok");
    expect(await storedCounts(t.tenantId)).toEqual({ rows: t.truth.length, distinct: t.truth.length });
    expect((await callLogHealth(t.tenantId, SIM_NOW)).status).toBe("pass");
  });

  it("stops with a migrated-domain message on 435", async () => {
    const t = await tenantWithCalls(10);
    t.domain.migrated = true;
    const result = await syncCallLog(t.tenantId, fastSync(ctx.sim));
    expect(result.outcome).toBe("stopped");
    const health = await callLogHealth(t.tenantId, SIM_NOW);
    expect(health.fixHint).toMatch(/data center/);
  });

  it("leaves the cursor where it was when storing a window fails, and loses nothing", async () => {
    const t = await tenantWithCalls();
    const first = await syncCallLog(t.tenantId, fastSync(ctx.sim));
    expect(first.outcome).toBe("ok");
    const cursorBefore = (await db().syncCursor.findFirstOrThrow({ where: { tenantId: t.tenantId } })).cursor;

    // New calls; the database refuses one of them (a real failure inside the window's transaction).
    ctx.sim.clock.advance(3 * HOUR);
    ctx.sim.world.addCalls(t.domain.id, 40, new Date(SIM_NOW + 0.5 * HOUR), new Date(SIM_NOW + 2 * HOUR));
    const fresh = ctx.sim.world.finishedCallsBetween(t.domain.id, new Date(SIM_NOW), new Date(SIM_NOW + 3 * HOUR));
    const poisoned = fresh[fresh.length - 1]!.callId;
    await db().$executeRawUnsafe(`CREATE FUNCTION refuse_call() RETURNS trigger AS $$ BEGIN IF NEW."five9CallId" = '${poisoned}' THEN RAISE EXCEPTION 'disk full (test)'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db().$executeRawUnsafe(`CREATE TRIGGER refuse_call BEFORE INSERT ON "Call" FOR EACH ROW EXECUTE FUNCTION refuse_call()`);
    try {
      const failed = await syncCallLog(t.tenantId, fastSync(ctx.sim));
      expect(failed.outcome).toBe("failed");
      expect(failed.error).toMatch(/disk full/);
      expect((await db().syncCursor.findFirstOrThrow({ where: { tenantId: t.tenantId } })).cursor).toEqual(cursorBefore);
      expect(await storedCounts(t.tenantId)).toEqual({ rows: t.truth.length, distinct: t.truth.length });
    } finally {
      await db().$executeRawUnsafe(`DROP TRIGGER refuse_call ON "Call"`);
      await db().$executeRawUnsafe(`DROP FUNCTION refuse_call()`);
    }
    const retried = await syncCallLog(t.tenantId, fastSync(ctx.sim));
    expect(retried.outcome, retried.error).toBe("ok");
    expect(await storedCounts(t.tenantId)).toEqual({ rows: t.truth.length + fresh.length, distinct: t.truth.length + fresh.length });
    ctx.sim.clock.set(SIM_NOW);
  });

  it("catches late rows (calls that ended after a run) through the overlap", async () => {
    const t = await tenantWithDomain(ctx.sim);
    // Calls starting in the last 20 minutes: many are still going on at the first run.
    ctx.sim.world.addCalls(t.domain.id, 60, new Date(SIM_NOW - 20 * 60_000), new Date(SIM_NOW - 60_000));
    await syncCallLog(t.tenantId, fastSync(ctx.sim));
    const early = await storedCounts(t.tenantId);
    const all = ctx.sim.world.callsBetween(t.domain.id, new Date(SIM_NOW - HOUR), new Date(SIM_NOW));
    expect(early.rows).toBeLessThan(all.length);
    ctx.sim.clock.advance(HOUR);
    try {
      const later = await syncCallLog(t.tenantId, fastSync(ctx.sim));
      expect(later.outcome).toBe("ok");
      expect(await storedCounts(t.tenantId)).toEqual({ rows: all.length, distinct: all.length });
    } finally {
      ctx.sim.clock.set(SIM_NOW);
    }
  });
});
