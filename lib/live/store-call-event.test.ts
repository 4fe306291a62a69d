// CTI events at the event URL, end to end through the route handler and a
// real database: stored once per eventId, in any order, before the stream
// (the Call is created and later merged by the stream and the call log on the
// same key), filling the Call without erasing values, only for chosen
// campaigns, refused cleanly when malformed, and never across tenants.
import pg from "pg";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/five9/events/[key]/route";
import { liveAudioTenant } from "../../test/support/voicestream-tenant";
import { db } from "../db";
import { databaseUrl } from "../env";
import { callEventBus } from "./live-event-bus";
import { LIVE_NOTIFY_CHANNEL } from "./live-notices";
import { upsertCalls } from "../ingest/call-log/upsert-calls";
import { upsertStreamCall } from "../realtime/leg-storage";
import { callEventsOf } from "./live-calls";

type Fixture = Awaited<ReturnType<typeof liveAudioTenant>>;

const vars = (over: Record<string, string> = {}) => ({
  "Call.call_id": "300000000501", "Call.session_id": "ABCDEF0123456789ABCDEF0123456789", "Call.ANI": "4155550101", "Call.DNIS": "8005550199",
  "Call.campaign_name": "Sales", "Call.type": "INBOUND", "Call.skill_name": "Sales", "Call.start_timestamp": "2026-12-01T10:00:00.000Z",
  "Agent.user_name": "ava@acme.sim", "Agent.full_name": "Ava Nguyen", ...over,
});

function event(f: Fixture, sequence: number, over: Record<string, unknown> = {}) {
  const types = ["CALL_STARTED", "AGENT_CONNECTED", "CALL_HOLD", "CALL_RESUME", "CALL_ENDED"];
  return {
    eventId: `sub:300000000501:${sequence}`, eventType: types[sequence - 1] ?? "CALL_TRANSFERRED", timestamp: new Date(Date.parse("2026-12-01T10:00:00Z") + sequence * 1000).toISOString(),
    sequence, subscriptionId: f.subscriptionId, domainId: f.domainId, callVariables: vars(), ...over,
  };
}

async function post(f: Fixture, body: unknown, token: string | null = f.token) {
  const key = (await db().voiceStreamSubscription.findUniqueOrThrow({ where: { tenantId: f.tenant.id } })).eventKey;
  const request = new Request(`http://x/api/five9/events/${key}`, {
    method: "POST", body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json", ...(token ? { "x-five9-trust-token": token } : {}) },
  });
  return POST(request, { params: Promise.resolve({ key }) });
}

const eventsOf = (tenantId: string) => db().callEvent.findMany({ where: { tenantId } });

describe("CTI events at the event URL", () => {
  it("stores a re-delivered event once and still answers 2xx", async () => {
    const f = await liveAudioTenant();
    for (let i = 0; i < 3; i++) expect((await post(f, event(f, 1))).status).toBe(204);
    await Promise.all([post(f, event(f, 2)), post(f, event(f, 2)), post(f, event(f, 2))]);
    const rows = await eventsOf(f.tenant.id);
    expect(rows.map((r) => r.eventId).sort()).toEqual(["sub:300000000501:1", "sub:300000000501:2"]);
    expect(await db().call.count({ where: { tenantId: f.tenant.id } })).toBe(1);
  });

  it("publishes each stored event on the live bus and notifies browsers with ids only (not a duplicate)", async () => {
    const f = await liveAudioTenant();
    const bus = await callEventBus();
    const got: { subject: string; message: unknown }[] = [];
    const unsubscribe = await bus.subscribe(`loris.live.${f.tenant.id}.>`, (subject, message) => got.push({ subject, message }));
    const listener = new pg.Client({ connectionString: databaseUrl() });
    await listener.connect();
    const notices: Record<string, unknown>[] = [];
    listener.on("notification", (n) => notices.push(JSON.parse(n.payload ?? "{}") as Record<string, unknown>));
    await listener.query(`LISTEN ${LIVE_NOTIFY_CHANNEL}`);
    try {
      await post(f, event(f, 1));
      await post(f, event(f, 1));
      const deadline = Date.now() + 3000;
      while ((got.length < 1 || notices.filter((n) => n.tenantId === f.tenant.id).length < 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 200));
      const row = (await eventsOf(f.tenant.id))[0]!;
      expect(got).toEqual([{ subject: `loris.live.${f.tenant.id}.${row.callId}.call.event`, message: expect.objectContaining({ type: "event", leg: "call", callEventId: row.id, eventId: row.eventId, eventType: "CALL_STARTED", sequence: 1, five9CallId: "300000000501" }) }]);
      expect(notices.filter((n) => n.tenantId === f.tenant.id)).toEqual([{ kind: "event", tenantId: f.tenant.id, callId: row.callId, callEventId: row.id }]);
    } finally {
      await unsubscribe();
      await listener.end();
    }
  });

  it("orders events delivered out of order by sequence, then time", async () => {
    const f = await liveAudioTenant();
    for (const s of [5, 2, 4, 1, 3]) expect((await post(f, event(f, s))).status).toBe(204);
    const call = await db().call.findUniqueOrThrow({ where: { tenantId_five9CallId: { tenantId: f.tenant.id, five9CallId: "300000000501" } } });
    const timeline = await callEventsOf(f.tenant.id, call.id);
    expect(timeline.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(timeline.map((e) => e.eventType)).toEqual(["CALL_STARTED", "AGENT_CONNECTED", "CALL_HOLD", "CALL_RESUME", "CALL_ENDED"]);
  });

  it("creates the Call from an event before the stream; the stream and the call log merge into the same row", async () => {
    const f = await liveAudioTenant();
    await post(f, event(f, 1));
    const call = await db().call.findUniqueOrThrow({ where: { tenantId_five9CallId: { tenantId: f.tenant.id, five9CallId: "300000000501" } } });
    expect(call).toMatchObject({
      sessionId: "ABCDEF0123456789ABCDEF0123456789", ani: "4155550101", dnis: "8005550199", campaign: "Sales", callType: "INBOUND", skill: "Sales",
      agentUsername: "ava@acme.sim", agentName: "Ava Nguyen", startedAt: new Date("2026-12-01T10:00:00Z"),
    });
    const streamCallId = await upsertStreamCall({ tenantId: f.tenant.id, five9CallId: "300000000501", campaign: "Sales", agentUsername: "other", skill: "", startedAt: new Date("2026-12-01T10:00:01Z") });
    expect(streamCallId).toBe(call.id);
    await upsertCalls(f.tenant.id, [{
      five9CallId: "300000000501", sessionId: null, startedAt: new Date("2026-12-01T09:59:59Z"), endedAt: null, durationSeconds: 60, campaign: "Sales", callType: "INBOUND",
      agentUsername: "ava@acme.sim", agentName: null, skill: null, disposition: "Sold", ani: null, dnis: null, raw: { "CALL ID": "300000000501" },
    }]);
    expect(await db().call.count({ where: { tenantId: f.tenant.id } })).toBe(1);
    expect(await db().call.findUniqueOrThrow({ where: { id: call.id } })).toMatchObject({ sessionId: "ABCDEF0123456789ABCDEF0123456789", ani: "4155550101", agentName: "Ava Nguyen", disposition: "Sold" });
    expect((await eventsOf(f.tenant.id))[0]!.callId).toBe(call.id);
  });

  it("fills empty fields from later events but never erases a value with an empty one", async () => {
    const f = await liveAudioTenant();
    await post(f, event(f, 1, { callVariables: vars({ "Call.ANI": "", "Agent.full_name": "" }) }));
    await post(f, event(f, 2, { callVariables: vars({ "Call.ANI": "4155550199", "Call.DNIS": "" }) }));
    await post(f, event(f, 5, { callVariables: vars({ "Call.disposition_name": "Resolved", "Call.length": "61", "Call.session_id": "" }) }));
    expect(await db().call.findFirstOrThrow({ where: { tenantId: f.tenant.id } })).toMatchObject({
      ani: "4155550199", dnis: "8005550199", agentName: "Ava Nguyen", sessionId: "ABCDEF0123456789ABCDEF0123456789", disposition: "Resolved", durationSeconds: 61,
      endedAt: new Date("2026-12-01T10:01:01Z"),
    });
  });

  it("acknowledges but does not store events of a campaign the admin did not choose", async () => {
    const f = await liveAudioTenant({ campaigns: ["Sales"] });
    expect((await post(f, event(f, 1, { callVariables: vars({ "Call.campaign_name": "Collections" }) }))).status).toBe(204);
    expect(await eventsOf(f.tenant.id)).toEqual([]);
    expect(await db().call.count({ where: { tenantId: f.tenant.id } })).toBe(0);
    // The contact still proves the subscription works.
    expect((await db().voiceStreamSubscription.findUniqueOrThrow({ where: { tenantId: f.tenant.id } })).lastAuthenticatedAt).not.toBeNull();
  });

  it("acknowledges but does not store events when live audio is not chosen", async () => {
    const f = await liveAudioTenant({ dataKinds: ["call_log"] });
    expect((await post(f, event(f, 1))).status).toBe(204);
    expect(await eventsOf(f.tenant.id)).toEqual([]);
  });

  it("refuses malformed bodies with a clear 400 and stores nothing", async () => {
    const f = await liveAudioTenant();
    const cases: [unknown, RegExp][] = [
      ["{nope", /malformed event/],
      [[], /malformed event/],
      [event(f, 1, { eventType: "CALL_EXPLODED" }), /eventType/],
      [event(f, 1, { sequence: 0 }), /sequence/],
      [event(f, 1, { sequence: "1" }), /sequence/],
      [event(f, 1, { timestamp: "yesterday" }), /timestamp/],
      [event(f, 1, { eventId: "" }), /eventId/],
      [event(f, 1, { callVariables: { "Call.ANI": "1" } }), /Call\.call_id/],
      [event(f, 1, { callVariables: { "Call.call_id": "  " } }), /Call\.call_id/],
      [event(f, 1, { callVariables: { "Call.call_id": "1", n: 5 } }), /callVariables/],
    ];
    for (const [body, message] of cases) {
      const res = await post(f, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: string }).error).toMatch(message);
    }
    expect(await eventsOf(f.tenant.id)).toEqual([]);
    expect(await db().call.count({ where: { tenantId: f.tenant.id } })).toBe(0);
  });

  it("refuses a wrong trust token (401) and answers a deactivated subscription 410, storing nothing", async () => {
    const f = await liveAudioTenant();
    expect((await post(f, event(f, 1), "wrong")).status).toBe(401);
    expect((await post(f, event(f, 1), null)).status).toBe(401);
    const off = await liveAudioTenant({ disabled: true });
    expect((await post(off, event(off, 1))).status).toBe(410);
    expect([...(await eventsOf(f.tenant.id)), ...(await eventsOf(off.tenant.id))]).toEqual([]);
  });

  it("never writes into another tenant: its key with this tenant's token or domain is refused", async () => {
    const mine = await liveAudioTenant();
    const other = await liveAudioTenant();
    // Other's event URL with my token: wrong token there.
    expect((await post(other, event(mine, 1), mine.token)).status).toBe(401);
    // Other's URL and token, but naming my domain: refused.
    expect((await post(other, event(mine, 1), other.token)).status).toBe(400);
    expect(await eventsOf(mine.tenant.id)).toEqual([]);
    expect(await eventsOf(other.tenant.id)).toEqual([]);
    // The same Five9 call id in two tenants is two Calls.
    await post(mine, event(mine, 1));
    await post(other, event(other, 1));
    const calls = await db().call.findMany({ where: { five9CallId: "300000000501", tenantId: { in: [mine.tenant.id, other.tenant.id] } }, select: { tenantId: true } });
    expect(calls.map((c) => c.tenantId).sort()).toEqual([mine.tenant.id, other.tenant.id].sort());
  });
});
