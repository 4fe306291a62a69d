// The live-audio health checks, red and green from real StreamSession and
// CallEvent rows (as the receiver and the event URL write them), run through
// the health run itself, and "Not used" without live audio.
import type { HealthResult } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { liveAudioTenant } from "../../test/support/voicestream-tenant";
import { db } from "../db";
import { upsertStreamCall } from "../realtime/leg-storage";
import { executeHealthRun, latestHealthRun, startHealthRun } from "./run-health-checks";

type Fixture = Awaited<ReturnType<typeof liveAudioTenant>>;
const LIVE_IDS = ["voicestream_seen", "voicestream_first_audio", "voicestream_drops", "voicestream_gaps"];
let calls = 0;

async function runChecks(tenantId: string): Promise<Record<string, HealthResult>> {
  await executeHealthRun((await startHealthRun(tenantId, "manual")).id);
  const run = await latestHealthRun(tenantId);
  return Object.fromEntries(run!.results.filter((r) => LIVE_IDS.includes(r.checkId)).map((r) => [r.checkId, r]));
}

/** One call's leg as the receiver leaves it: `ms` of audio, time to first audio, how it ended, gaps. */
async function leg(f: Fixture, o: { ttfaMs?: number; ms?: number; endStatus?: string | null; gaps?: { fromMs: number; toMs: number; reason: string; repaired?: boolean }[]; agoMs?: number; segment?: number; callId?: string }) {
  const configAt = new Date(Date.now() - (o.agoMs ?? 60_000));
  const callId = o.callId ?? (await upsertStreamCall({ tenantId: f.tenant.id, five9CallId: `h${++calls}`, campaign: "Sales", agentUsername: "a", skill: "", startedAt: configAt }));
  const ms = o.ms ?? 60_000;
  await db().streamSession.create({
    data: {
      tenantId: f.tenant.id, callId, leg: "agent", segment: o.segment ?? 1, subscriptionId: "sub", blobKey: `k/${callId}/${o.segment ?? 1}`, configAt,
      firstAudioAt: configAt, lastAudioAt: new Date(configAt.getTime() + ms), bytes: BigInt(ms * 16), endBytes: BigInt(ms * 16), timeToFirstAudioMs: o.ttfaMs ?? 200,
      gaps: o.gaps ?? [], endStatus: o.endStatus === undefined ? "call_ended" : o.endStatus, endedAt: o.endStatus === null ? null : new Date(configAt.getTime() + ms),
    },
  });
  return callId;
}

describe("live audio health", () => {
  it("is 'Not used' when live audio is not chosen", async () => {
    const f = await liveAudioTenant({ dataKinds: ["call_log"] });
    const results = await runChecks(f.tenant.id);
    for (const id of LIVE_IDS) expect(results[id], id).toMatchObject({ status: "skipped", message: expect.stringMatching(/^Not used/) });
  });

  it("stream seen: fails when events arrive but no stream, warns when quiet, passes with a recent stream", async () => {
    const f = await liveAudioTenant();
    expect((await runChecks(f.tenant.id)).voicestream_seen).toMatchObject({ status: "warn", message: "No live audio stream has arrived yet.", fixHint: expect.stringMatching(/Admin Console/) });
    const callId = await upsertStreamCall({ tenantId: f.tenant.id, five9CallId: "ev1", campaign: "Sales", agentUsername: "", skill: "", startedAt: new Date() });
    await db().callEvent.create({ data: { tenantId: f.tenant.id, callId, five9CallId: "ev1", eventId: "e1", eventType: "CALL_STARTED", sequence: 1, occurredAt: new Date(), variables: {} } });
    expect((await runChecks(f.tenant.id)).voicestream_seen).toMatchObject({ status: "fail", message: expect.stringMatching(/1 call event .* no audio stream/), fixHint: expect.stringMatching(/gRPC endpoint/) });
    await leg(f, { agoMs: 30 * 3_600_000 });
    expect((await runChecks(f.tenant.id)).voicestream_seen).toMatchObject({ status: "fail", message: expect.stringMatching(/no audio stream since/) });
    await leg(f, { agoMs: 5 * 60_000 });
    expect((await runChecks(f.tenant.id)).voicestream_seen).toMatchObject({ status: "pass", message: expect.stringMatching(/last opened a live audio stream/) });
  });

  it("time to first audio: p95 over the last day, red when slow, green when fast", async () => {
    const slow = await liveAudioTenant();
    expect((await runChecks(slow.tenant.id)).voicestream_first_audio).toMatchObject({ status: "skipped", message: expect.stringMatching(/No live call/) });
    for (let i = 0; i < 10; i++) await leg(slow, { ttfaMs: i < 8 ? 300 : 5_000 });
    expect((await runChecks(slow.tenant.id)).voicestream_first_audio).toMatchObject({ status: "fail", message: expect.stringMatching(/95 % of 10 streams .* within \d{4} ms/), fixHint: expect.stringMatching(/storage/) });
    const fast = await liveAudioTenant();
    for (let i = 0; i < 10; i++) await leg(fast, { ttfaMs: 250 + i * 10 });
    // An old slow stream is outside the window.
    await leg(fast, { ttfaMs: 9_000, agoMs: 30 * 3_600_000 });
    expect((await runChecks(fast.tenant.id)).voicestream_first_audio).toMatchObject({ status: "pass", message: expect.stringMatching(/within 3\d\d ms/) });
  });

  it("drop rate: legs whose last segment ended by an error or a cut; a reconnect that continued is not a drop", async () => {
    const f = await liveAudioTenant();
    for (let i = 0; i < 8; i++) await leg(f, {});
    await leg(f, { endStatus: "client_error:CLT_ERROR_GENERIC" });
    await leg(f, { endStatus: "cut" });
    expect((await runChecks(f.tenant.id)).voicestream_drops).toMatchObject({ status: "fail", message: expect.stringMatching(/^2 of 10 call legs \(20 %\)/), fixHint: expect.stringMatching(/load balancer/) });

    const g = await liveAudioTenant();
    for (let i = 0; i < 9; i++) await leg(g, {});
    const reconnected = await leg(g, { endStatus: "reconnect_requested" });
    await leg(g, { callId: reconnected, segment: 2 });
    expect((await runChecks(g.tenant.id)).voicestream_drops).toMatchObject({ status: "pass", message: expect.stringMatching(/^0 of 10 call legs/) });
  });

  it("gaps: unrepaired seconds missing per hour streamed", async () => {
    const f = await liveAudioTenant();
    await leg(f, { ms: 600_000, gaps: [{ fromMs: 1000, toMs: 31_000, reason: "paused" }, { fromMs: 40_000, toMs: 60_000, reason: "jump" }] });
    expect((await runChecks(f.tenant.id)).voicestream_gaps).toMatchObject({ status: "fail", message: expect.stringMatching(/s of live audio missing per hour streamed \(50 s/), fixHint: expect.stringMatching(/paused/) });
    const g = await liveAudioTenant();
    await leg(g, { ms: 3_600_000, gaps: [{ fromMs: 1000, toMs: 3000, reason: "jump" }, { fromMs: 5000, toMs: 65_000, reason: "cut", repaired: true }] });
    expect((await runChecks(g.tenant.id)).voicestream_gaps).toMatchObject({ status: "pass", message: expect.stringMatching(/^2\.0 s of live audio missing per hour/) });
  });
});
