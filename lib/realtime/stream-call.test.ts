// One call key: a Call the stream created first (from its config) is merged by
// the call log's upsert on the same (tenant, Five9 call id) — one row, the
// call log's values win, and an empty call-log field never erases a known one.
import { describe, expect, it } from "vitest";
import { createTenant } from "../../test/support/fixtures";
import { db } from "../db";
import { upsertCalls } from "../ingest/call-log/upsert-calls";
import type { CallRecord } from "../ingest/call-log/call-row";
import { noteCallFirstAudio, upsertStreamCall } from "./leg-storage";

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
