// One call key: a Call the stream created first (from its config) is merged by
// the call log's upsert on the same (tenant, Five9 call id) — one row, the
// call log's values win, and an empty call-log field never erases a known one.
import { describe, expect, it } from "vitest";
import { createTenant } from "../../test/support/fixtures";
import { db } from "../db";
import { upsertCalls } from "../ingest/call-log/upsert-calls";
import type { CallRecord } from "../ingest/call-log/call-row";
import { noteCallFirstAudio, openSegment, openSegments, saveSegment, saveSegmentsProgress, upsertStreamCall } from "./leg-storage";

const record = (over: Partial<CallRecord>): CallRecord => ({
  five9CallId: "300000000077", sessionId: "S1", startedAt: new Date("2026-12-01T09:59:58Z"), endedAt: new Date("2026-12-01T10:05:00Z"), durationSeconds: 302,
  campaign: null, callType: "INBOUND", agentUsername: null, agentName: "Agent Smith", skill: null, disposition: "Sold", ani: "5551234", dnis: "5550000",
  raw: { "CALL ID": "300000000077" }, ...over,
});

describe("stream Call and call log on one key", () => {
  it("creates the Call from the config, then the call log fills it in without a second row or lost values", async () => {
    const tenant = await createTenant();
    const at = new Date("2026-12-01T10:00:00Z");
    const id = await upsertStreamCall({ tenantId: tenant.id, five9CallId: "300000000077", campaign: "Sales", agentUsername: "agent.smith", skill: "", startedAt: at });
    expect(await upsertStreamCall({ tenantId: tenant.id, five9CallId: "300000000077", campaign: "Other", agentUsername: "x", skill: "Sk", startedAt: at })).toBe(id);
    await noteCallFirstAudio(id, new Date("2026-12-01T09:59:59.500Z"));
    let call = await db().call.findUniqueOrThrow({ where: { id } });
    expect(call).toMatchObject({ campaign: "Sales", agentUsername: "agent.smith", skill: "Sk", startedAt: new Date("2026-12-01T09:59:59.500Z") });

    expect(await upsertCalls(tenant.id, [record({})])).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    call = await db().call.findUniqueOrThrow({ where: { id } });
    expect(call).toMatchObject({ campaign: "Sales", agentUsername: "agent.smith", skill: "Sk", agentName: "Agent Smith", disposition: "Sold", startedAt: new Date("2026-12-01T09:59:58Z") });
    expect(await db().call.count({ where: { tenantId: tenant.id } })).toBe(1);

    // Once the call log delivered it, a later stream neither moves startedAt nor replaces values.
    await noteCallFirstAudio(id, new Date("2026-12-01T09:00:00Z"));
    await upsertStreamCall({ tenantId: tenant.id, five9CallId: "300000000077", campaign: "Other", agentUsername: "y", skill: "", startedAt: at });
    expect(await db().call.findUniqueOrThrow({ where: { id } })).toMatchObject({ campaign: "Sales", startedAt: new Date("2026-12-01T09:59:58Z") });
  });
});

describe("legs opening together (batched statements)", () => {
  const at = new Date("2026-12-01T10:00:00Z");

  it("a burst of legs makes one Call per call id, with what one-by-one upserts would leave", async () => {
    const tenant = await createTenant();
    const ids = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        upsertStreamCall({ tenantId: tenant.id, five9CallId: `burst-${i % 100}`, campaign: i < 100 ? "" : `C${i}`, agentUsername: i < 100 ? `a${i}` : "later", skill: "", startedAt: at }),
      ),
    );
    expect(new Set(ids).size).toBe(100);
    for (let i = 0; i < 100; i++) expect(ids[i + 100]).toBe(ids[i]);
    const calls = await db().call.findMany({ where: { tenantId: tenant.id }, orderBy: { five9CallId: "asc" } });
    expect(calls).toHaveLength(100);
    const seven = calls.find((c) => c.five9CallId === "burst-7")!;
    expect(seven).toMatchObject({ id: ids[7], campaign: "C107", agentUsername: "a7", skill: null });
  });

  it("opens segment 1 of each new leg, and a second open of a leg within the burst continues it as segment 2", async () => {
    const tenant = await createTenant();
    const callId = await upsertStreamCall({ tenantId: tenant.id, five9CallId: "seg-1", campaign: "", agentUsername: "", skill: "", startedAt: at });
    const open = (leg: string) => openSegment({ tenantId: tenant.id, callId, leg, subscriptionId: "sub", receiverId: "r1", configAt: at });
    const [agent, customer, agentAgain] = await Promise.all([open("agent"), open("customer"), open("agent")]);
    expect([agent!.segment, customer!.segment, agentAgain!.segment]).toEqual([1, 1, 2]);
    expect([agent!.continues, customer!.continues, agentAgain!.continues]).toEqual([false, false, true]);
    expect(agentAgain!.blobKey).toBe(agent!.blobKey.replace(/1(\D*)$/, "2$1"));
    const rows = await db().streamSession.findMany({ where: { callId }, orderBy: [{ leg: "asc" }, { segment: "asc" }], select: { id: true, leg: true, segment: true } });
    expect(rows).toEqual([
      { id: agent!.id, leg: "agent", segment: 1 },
      { id: agentAgain!.id, leg: "agent", segment: 2 },
      { id: customer!.id, leg: "customer", segment: 1 },
    ]);
  });

  it("two replicas' batches opening the same legs at once get distinct segments and lose nothing", async () => {
    const tenant = await createTenant();
    const callIds = await Promise.all(Array.from({ length: 20 }, (_, i) => upsertStreamCall({ tenantId: tenant.id, five9CallId: `race-${i}`, campaign: "", agentUsername: "", skill: "", startedAt: at })));
    const inputs = callIds.map((callId) => ({ tenantId: tenant.id, callId, leg: "customer", subscriptionId: "sub", receiverId: "r", configAt: at }));
    const [a, b] = await Promise.all([openSegments(inputs), openSegments(inputs.map((i) => ({ ...i, receiverId: "r2" })))]);
    for (let i = 0; i < 20; i++) expect([a[i]!.segment, b[i]!.segment].sort()).toEqual([1, 2]);
    expect(await db().streamSession.count({ where: { tenantId: tenant.id } })).toBe(40);
  });

  it("legs ending together are saved in one batch, and a later progress save never reopens an ended segment", async () => {
    const tenant = await createTenant();
    const callId = await upsertStreamCall({ tenantId: tenant.id, five9CallId: "end-1", campaign: "", agentUsername: "", skill: "", startedAt: at });
    const segments = await Promise.all(Array.from({ length: 50 }, (_, i) => openSegment({ tenantId: tenant.id, callId, leg: `leg-${i}`, subscriptionId: "sub", receiverId: "r", configAt: at })));
    const progress = (bytes: number) => ({ bytes, offsetBytes: 0, endBytes: bytes, gaps: [], holds: [{ from: "2026-12-01T10:00:01.000Z", to: "2026-12-01T10:00:02.000Z" }], timeToFirstAudioMs: 40 });
    const endedAt = new Date("2026-12-01T10:01:00Z");
    await Promise.all(segments.map((s, i) => saveSegment({ id: s.id, ...progress(1600 + i), endStatus: i % 2 ? "call_ended" : "cut", endedAt })));
    // A progress save taken before the end but written after it changes nothing.
    await saveSegmentsProgress(segments.map((s) => ({ id: s.id, ...progress(8) })));
    const rows = await db().streamSession.findMany({ where: { callId }, orderBy: { leg: "asc" } });
    expect(rows).toHaveLength(50);
    for (const row of rows) {
      const i = Number(row.leg.slice(4));
      expect(row).toMatchObject({ bytes: BigInt(1600 + i), endBytes: BigInt(1600 + i), endStatus: i % 2 ? "call_ended" : "cut", endedAt, timeToFirstAudioMs: 40 });
      expect(row.holds).toEqual([{ from: "2026-12-01T10:00:01.000Z", to: "2026-12-01T10:00:02.000Z" }]);
    }
  });
});
