// The VoiceStream receiver over real gRPC and a real Postgres, driven by a
// hand-written Five9-side client: happy path to WAVs, every refusal, holds,
// reconnect with overlap, gaps, the stream limit, bad input, the SIGTERM drain.
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { status } from "@grpc/grpc-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeVoiceClients, openLeg, rampPcm, rawStream, waitUntil, type LegDefaults } from "../../test/support/voicestream-client";
import { liveAudioTenant } from "../../test/support/voicestream-tenant";
import { FsBlobStore } from "../blob/fs-blob-store";
import { db } from "../db";
import { InProcessBus, type LiveMessage } from "./bus";
import { startReceiver, type Receiver } from "./receiver-server";

let dir: string;
let store: FsBlobStore;
let bus: InProcessBus;
let receiver: Receiver;
let target: string;
let fixture: Awaited<ReturnType<typeof liveAudioTenant>>;
let callCounter = 0;
const T0 = Date.parse("2026-12-01T10:00:00.000Z");

async function start(maxStreams = 50): Promise<Receiver> {
  const r = await startReceiver({ port: 0, host: "127.0.0.1", store, bus, maxStreams, finaliseAfterMs: 200, sweepIntervalMs: 60_000, drainTimeoutMs: 3000, session: { holdKeepaliveMs: 150, syncIntervalMs: 100, configTimeoutMs: 1500 } });
  target = `127.0.0.1:${r.port}`;
  return r;
}

function leg(overrides: Partial<LegDefaults> = {}): LegDefaults {
  return { token: fixture.token, domainId: fixture.domainId, subscriptionId: fixture.subscriptionId, callId: `call-${++callCounter}`, campaign: "Sales", ...overrides };
}

const rowsFor = (five9CallId: string) => db().streamSession.findMany({ where: { call: { five9CallId } }, orderBy: [{ leg: "asc" }, { segment: "asc" }] });

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "vs-recv-"));
  store = new FsBlobStore(dir);
  bus = new InProcessBus();
  fixture = await liveAudioTenant();
  receiver = await start();
});

afterEach(async () => {
  await receiver.idle();
});

afterAll(async () => {
  closeVoiceClients();
  await receiver.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("VoiceStream receiver", () => {
  it("stores two legs durably and finalises one WAV per leg plus a two-channel conversation aligned on send_time", async () => {
    const heard: LiveMessage[] = [];
    const unsubscribe = await bus.subscribe(`loris.live.${fixture.tenant.id}.>`, (_s, m) => heard.push(m));
    const d = leg({ callId: "CA-α/non-numeric 42" });
    const agent = openLeg(target, { ...d, leg: "AGENT" });
    const customer = openLeg(target, { ...d, leg: "CUSTOMER" });
    agent.config();
    customer.config();
    await agent.waitForStatus("SRV_REQ_START_STREAMING");
    await customer.waitForStatus("SRV_REQ_START_STREAMING");
    // Agent starts 100 ms after the customer; chunks of odd sizes (20 ms, 256 ms, 60 ms).
    customer.audio(rampPcm(0, 20), T0);
    customer.audio(rampPcm(20, 256), T0 + 20);
    agent.audio(rampPcm(100, 60), T0 + 100);
    agent.audio(rampPcm(160, 20), T0 + 160);
    for (const l of [agent, customer]) {
      l.status("CLT_CALL_ENDED");
      l.end();
    }
    expect((await agent.closed).code).toBe(status.OK);
    expect((await customer.closed).code).toBe(status.OK);
    await waitUntil(async () => (await db().liveAudio.count({ where: { call: { five9CallId: d.callId } } })) === 3, 5000, "three LiveAudio rows");

    const call = await db().call.findUniqueOrThrow({ where: { tenantId_five9CallId: { tenantId: fixture.tenant.id, five9CallId: d.callId } } });
    expect(call).toMatchObject({ campaign: "Sales", agentUsername: "agent.smith", skill: "Sales" });
    expect(call.startedAt.getTime()).toBe(T0);
    const rows = await rowsFor(d.callId);
    expect(rows.map((r) => [r.leg, r.segment, Number(r.bytes), r.endStatus])).toEqual([
      ["agent", 1, 80 * 16, "call_ended"],
      ["customer", 1, 276 * 16, "call_ended"],
    ]);
    for (const r of rows) {
      expect(r.startSentAt).not.toBeNull();
      expect(r.timeToFirstAudioMs).toBeGreaterThanOrEqual(0);
      expect(r.receiverId).toBe(receiver.receiverId);
      expect(r.gaps).toEqual([]);
    }
    expect(rows[0]!.firstAudioAt!.getTime()).toBe(T0 + 100);

    const audio = await db().liveAudio.findMany({ where: { callId: call.id }, orderBy: { leg: "asc" } });
    for (const a of audio) {
      const wav = await buffer(await store.get(a.blobKey));
      expect(createHash("sha256").update(wav).digest("hex")).toBe(a.sha256);
      expect(Number(a.bytes)).toBe(wav.length);
    }
    const conversation = await buffer(await store.get(audio.find((a) => a.leg === "conversation")!.blobKey));
    expect(conversation.readUInt16LE(22)).toBe(2);
    const pcm = conversation.subarray(44);
    const frame = (ms: number) => ms * 8 * 4; // stereo 16-bit frames
    // At 0 ms only the customer (right) speaks; at 100 ms the agent (left) joins with its own ramp.
    expect(pcm.readInt16LE(frame(0))).toBe(0);
    expect(pcm.readInt16LE(frame(0) + 2)).toBe(rampPcm(0, 1).readInt16LE(0));
    expect(pcm.readInt16LE(frame(100))).toBe(rampPcm(100, 1).readInt16LE(0));
    expect(pcm.readInt16LE(frame(100) + 2)).toBe(rampPcm(100, 1).readInt16LE(0));
    expect(audio.find((a) => a.leg === "conversation")!.durationMs).toBe(276);

    await bus.flush();
    const audioMessages = heard.filter((m) => m.type === "audio");
    expect(audioMessages.every((m) => m.type === "audio" && m.durationMs <= 200 && m.level >= 0)).toBe(true);
    expect(audioMessages.reduce((s, m) => s + (m.type === "audio" ? m.durationMs : 0), 0)).toBe(356);
    expect(heard.some((m) => m.type === "status" && m.state === "ended" && m.endStatus === "call_ended")).toBe(true);
    await unsubscribe();
  });

  it("refuses a wrong trust token in metadata or in the config, a missing one, an unknown domain, a disabled subscription or live audio off — UNAUTHENTICATED, nothing stored", async () => {
    const off = await liveAudioTenant({ dataKinds: ["call_log"] });
    const disabled = await liveAudioTenant({ disabled: true });
    const cases: { d: LegDefaults; meta?: string | null; config?: Record<string, string> }[] = [
      { d: leg(), meta: "wrong" },
      { d: leg(), config: { trust_token: "wrong" } },
      { d: leg(), meta: null },
      { d: leg({ domainId: "999999" }) },
      { d: leg({ domainId: off.domainId, token: off.token }) },
      { d: leg({ domainId: disabled.domainId, token: disabled.token }) },
    ];
    const results = await Promise.all(
      cases.map(async (c) => {
        const l = openLeg(target, c.d, { metadataToken: c.meta });
        l.config(c.config);
        l.audio(rampPcm(0, 20), T0);
        return { ...(await l.closed), statuses: l.statuses() };
      }),
    );
    for (const r of results) {
      expect(r.code).toBe(status.UNAUTHENTICATED);
      expect(r.details).toBe("not authorised");
      expect(r.statuses).not.toContain("SRV_REQ_START_STREAMING");
    }
    for (const c of cases) expect(await db().call.count({ where: { five9CallId: c.d.callId } })).toBe(0);
  });

  it("wants streaming_config first, rejects anything but LINEAR16 8 kHz with feedback, and politely ends a campaign not chosen", async () => {
    const notFirst = openLeg(target, leg());
    notFirst.audio(rampPcm(0, 20), T0);
    expect(await notFirst.closed).toMatchObject({ code: status.INVALID_ARGUMENT, details: "the first message must be streaming_config" });

    const mulaw = openLeg(target, leg());
    mulaw.config({ voice_config: { encoding: "MULAW", sample_rate_hertz: 8000 } } as never);
    const mulawEnd = await mulaw.closed;
    expect(mulawEnd.code).toBe(status.INVALID_ARGUMENT);
    expect(mulawEnd.details).toContain("only LINEAR16 at 8000 Hz");
    expect(mulaw.responses.some((r) => r.feedback?.voice_config?.encoding === "LINEAR16")).toBe(true);
    expect(mulaw.statuses()).toContain("SRV_ERROR_GENERIC");

    const wide = openLeg(target, leg());
    wide.config({ voice_config: { encoding: "LINEAR16", sample_rate_hertz: 16000 } } as never);
    expect((await wide.closed).details).toContain("16000 Hz");

    const other = leg({ campaign: "Collections" });
    const campaign = openLeg(target, other);
    campaign.config();
    expect((await campaign.closed).code).toBe(status.OK);
    expect(campaign.statuses()).toEqual(["SRV_REQ_DISCONNECT"]);
    expect(await db().call.count({ where: { five9CallId: other.callId } })).toBe(0);

    const noId = openLeg(target, leg());
    noId.config({ vcc_call_id: "" });
    expect(await noId.closed).toMatchObject({ code: status.INVALID_ARGUMENT });
  });

  it("records HOLD/RESUME, keeps the stream alive with a status during the hold, and does not count the hold as a gap", async () => {
    const d = leg();
    const l = openLeg(target, d);
    l.config();
    await l.waitForStatus("SRV_REQ_START_STREAMING");
    l.audio(rampPcm(0, 100), T0);
    l.status("CLT_CALL_HOLD");
    await waitUntil(() => l.responses.filter((r) => r.status?.code === "SUCCESS" && r.status.message === "keepalive").length >= 2, 3000, "keepalives");
    l.status("CLT_CALL_RESUME");
    l.audio(rampPcm(5000, 100), T0 + 5000);
    l.status(777, "something new");
    l.status("CLT_CALL_ENDED");
    l.end();
    expect((await l.closed).code).toBe(status.OK);
    const [row] = await rowsFor(d.callId);
    const holds = row!.holds as { from: string; to?: string }[];
    expect(holds).toHaveLength(1);
    expect(holds[0]!.to).toBeDefined();
    expect(row!.gaps).toEqual([]);
    expect(Number(row!.endBytes)).toBe(5100 * 16);
    expect(Number(row!.bytes)).toBe(200 * 16);
  });

  it("records a send_time jump over 40 ms as a gap filled with silence; a smaller one is not a gap", async () => {
    const d = leg();
    const l = openLeg(target, d);
    l.config();
    await l.waitForStatus("SRV_REQ_START_STREAMING");
    l.audio(rampPcm(0, 100), T0);
    l.audio(rampPcm(130, 20), T0 + 130); // 30 ms late: within tolerance, follows on
    l.audio(rampPcm(400, 20), T0 + 400); // 280 ms jump: gap
    l.status("CLT_CALL_ENDED");
    l.end();
    await l.closed;
    const [row] = await rowsFor(d.callId);
    expect(row!.gaps).toEqual([{ fromMs: 120, toMs: 400, reason: "jump" }]);
    await waitUntil(async () => (await db().liveAudio.count({ where: { callId: row!.callId } })) > 0, 5000, "LiveAudio");
    const wav = await buffer(await store.get((await db().liveAudio.findFirstOrThrow({ where: { callId: row!.callId, leg: "agent" } })).blobKey));
    expect(wav.length - 44).toBe(420 * 16);
    expect(wav.readInt16LE(44 + 200 * 16)).toBe(0);
    expect((await db().liveAudio.findFirstOrThrow({ where: { callId: row!.callId, leg: "agent" } })).gapMs).toBe(280);
  });

  it("continues a reconnected leg as a new segment and trims audio already stored (no duplicate bytes)", async () => {
    const d = leg();
    const first = openLeg(target, d);
    first.config();
    await first.waitForStatus("SRV_REQ_START_STREAMING");
    first.audio(rampPcm(0, 200), T0);
    await waitUntil(async () => Number((await rowsFor(d.callId))[0]?.endBytes ?? 0) === 200 * 16, 3000, "progress saved");
    first.cancel(); // abrupt cut
    await waitUntil(async () => (await rowsFor(d.callId))[0]?.endStatus === "cut", 3000, "cut recorded");

    const second = openLeg(target, d);
    second.config();
    await second.waitForStatus("SRV_REQ_START_STREAMING");
    second.audio(rampPcm(100, 200), T0 + 100); // 100 ms already stored
    second.audio(rampPcm(100, 50), T0 + 100); // entirely a repeat
    second.audio(rampPcm(300, 100), T0 + 300);
    second.status("CLT_CALL_ENDED");
    second.end();
    await second.closed;
    const rows = await rowsFor(d.callId);
    expect(rows.map((r) => [r.segment, Number(r.offsetBytes), Number(r.bytes), r.endStatus])).toEqual([
      [1, 0, 200 * 16, "cut"],
      [2, 200 * 16, 200 * 16, "call_ended"],
    ]);
    await waitUntil(async () => (await db().liveAudio.count({ where: { callId: rows[0]!.callId } })) === 2, 5000, "LiveAudio");
    const wav = await buffer(await store.get((await db().liveAudio.findFirstOrThrow({ where: { callId: rows[0]!.callId, leg: "agent" } })).blobKey));
    expect(wav.subarray(44).equals(rampPcm(0, 400))).toBe(true);
  });

  it("numbers segments race-free when two streams of one leg open at once", async () => {
    const d = leg();
    const legs = [openLeg(target, d), openLeg(target, d), openLeg(target, d)];
    for (const l of legs) l.config();
    await Promise.all(legs.map((l) => l.waitForStatus("SRV_REQ_START_STREAMING")));
    for (const l of legs) l.end();
    await Promise.all(legs.map((l) => l.closed));
    expect((await rowsFor(d.callId)).map((r) => r.segment)).toEqual([1, 2, 3]);
  });

  it("answers malformed protobuf, a second config and audio after CALL_ENDED with a clear status, and other streams carry on", async () => {
    const d = leg();
    const healthy = openLeg(target, d);
    healthy.config();
    await healthy.waitForStatus("SRV_REQ_START_STREAMING");

    const raw = rawStream(target, fixture.token);
    raw.write(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]));
    expect((await raw.closed).code).not.toBe(status.OK);

    const twice = openLeg(target, leg());
    twice.config();
    await twice.waitForStatus("SRV_REQ_START_STREAMING");
    twice.config();
    expect(await twice.closed).toMatchObject({ code: status.INVALID_ARGUMENT, details: "streaming_config may only be sent once, as the first message" });

    const after = openLeg(target, leg());
    after.config();
    await after.waitForStatus("SRV_REQ_START_STREAMING");
    after.status("CLT_CALL_ENDED");
    after.audio(rampPcm(0, 20), T0);
    expect(await after.closed).toMatchObject({ code: status.INVALID_ARGUMENT, details: "audio after CLT_CALL_ENDED" });

    const silent = openLeg(target, leg());
    expect((await silent.closed).code).toBe(status.DEADLINE_EXCEEDED);

    healthy.audio(rampPcm(0, 40), T0);
    healthy.status("CLT_CALL_ENDED");
    healthy.end();
    expect((await healthy.closed).code).toBe(status.OK);
    expect(Number((await rowsFor(d.callId))[0]!.bytes)).toBe(40 * 16);
  });

  it("refuses streams beyond the limit with SRV_ERROR_NO_RESOURCE + RESOURCE_EXHAUSTED", async () => {
    const small = await start(2);
    const smallTarget = target;
    const a = openLeg(smallTarget, leg());
    const b = openLeg(smallTarget, leg());
    a.config();
    b.config();
    await Promise.all([a.waitForStatus("SRV_REQ_START_STREAMING"), b.waitForStatus("SRV_REQ_START_STREAMING")]);
    const c = openLeg(smallTarget, leg());
    c.config();
    expect((await c.closed).code).toBe(status.RESOURCE_EXHAUSTED);
    expect(c.statuses()).toContain("SRV_ERROR_NO_RESOURCE");
    // SIGTERM-style drain: every live stream is asked to reconnect, and leaves.
    const stopping = small.stop();
    await Promise.all([a.waitForStatus("SRV_REQ_RECONNECT"), b.waitForStatus("SRV_REQ_RECONNECT")]);
    a.end();
    b.end();
    await stopping;
    expect(small.activeStreams()).toBe(0);
    await start(); // back to the shared receiver's target for later tests
    target = `127.0.0.1:${receiver.port}`;
  });

  it("drains on stop: RECONNECT to every leg, bounded wait, rows closed as reconnect_requested", async () => {
    const r = await start();
    const d = leg();
    const l = openLeg(target, d);
    l.config();
    await l.waitForStatus("SRV_REQ_START_STREAMING");
    l.audio(rampPcm(0, 60), T0);
    await waitUntil(() => r.sessions().length === 1, 2000, "session");
    const stopping = r.stop();
    await l.waitForStatus("SRV_REQ_RECONNECT");
    l.end();
    await stopping;
    const [row] = await rowsFor(d.callId);
    expect(row).toMatchObject({ endStatus: "reconnect_requested" });
    expect(Number(row!.bytes)).toBe(60 * 16);
    target = `127.0.0.1:${receiver.port}`;
  });
});
