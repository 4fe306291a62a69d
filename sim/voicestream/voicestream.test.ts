import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ControllableClock } from "../world/clock";
import type { SimCall } from "../world/types";
import { FakeFaults, FakeFeed, makeCall, rampPcm, serveRoutes } from "./test-fakes";
import { startTestReceiver, type ReceivedStream, type TestReceiver } from "./test-receiver";
import { startVoiceStream, type VoiceStreamService } from "./voicestream";

const DOMAIN = "1001";
const TOKEN = "trust-token-0123456789";
// 10 simulated ms per real ms: a 4-second call streams in 0.4 s.
const SPEED = 10;

let clock: ControllableClock;
let feed: FakeFeed;
let faults: FakeFaults;
let receiver: TestReceiver;
let vs: VoiceStreamService;
let logs: { level: number; msg: string }[];

function start(receiverOptions: Parameters<typeof startTestReceiver>[0] = { trustToken: TOKEN }) {
  return startTestReceiver(receiverOptions).then((r) => {
    receiver = r;
    return r;
  });
}

async function subscribe(token = TOKEN, campaigns: string[] = []) {
  return vs.subscriptions.create(DOMAIN, { name: "Loris", grpcEndpoint: receiver.grpcEndpoint, eventUrl: receiver.eventUrl, trustToken: token, campaigns });
}

/** A call starting now on the simulated clock. */
function callNow(overrides: Partial<SimCall> = {}): SimCall {
  return makeCall({ domainId: DOMAIN, startedAt: new Date(clock.now()), durationSec: 4, ...overrides });
}

function legOf(leg: "AGENT" | "CUSTOMER", callId: string): ReceivedStream[] {
  return receiver.streams.filter((s) => s.config.call_leg === leg && s.config.vcc_call_id === callId);
}

/** Checks each audio chunk holds the ramp samples of its own send_time: right bytes at the right time. */
function expectAudioMatchesSendTime(stream: ReceivedStream, call: SimCall) {
  for (const m of stream.audio()) {
    const offsetMs = m.sendTimeMs! - call.startedAt.getTime();
    expect(offsetMs % 20).toBe(0);
    const expected = rampPcm(call, stream.config.call_leg as "AGENT", offsetMs * 8, m.audio!.length / 2);
    expect(Buffer.from(expected.buffer).equals(m.audio!)).toBe(true);
  }
}

beforeEach(() => {
  clock = new ControllableClock({ start: Date.parse("2026-03-11T16:00:00Z"), speed: SPEED });
  feed = new FakeFeed();
  faults = new FakeFaults();
  logs = [];
  const log = pino({ level: "debug" }, { write: (line: string) => logs.push(JSON.parse(line) as { level: number; msg: string }) });
  vs = startVoiceStream({ feed, clock, renderLegPcm: rampPcm, faults, log, startTimeoutMs: 300, eventRetryDelaysMs: [20] });
});

afterEach(async () => {
  await vs.stop();
  await receiver?.close();
  clock.close();
});

describe("subscriptions", () => {
  it("activates a subscription whose event URL answers the trust token's SHA-256", async () => {
    await start();
    const sub = await subscribe();
    expect(sub).toMatchObject({ status: "active", failureReason: null, domainId: DOMAIN });
    expect(JSON.stringify(sub)).not.toContain(TOKEN);
    expect(feed.listenerCount(DOMAIN)).toBe(1);
  });

  it("fails a subscription whose event URL answers another digest or cannot be reached", async () => {
    await start();
    const wrong = await subscribe("another-token-987654321");
    expect(wrong.status).toBe("failed");
    expect(wrong.failureReason).toMatch(/does not match/);
    const unreachable = await vs.subscriptions.create(DOMAIN, { name: "Down", grpcEndpoint: "127.0.0.1:1", eventUrl: "http://127.0.0.1:1/events", trustToken: TOKEN });
    expect(unreachable.status).toBe("failed");
    expect(unreachable.failureReason).toMatch(/unreachable/);
    expect(feed.listenerCount(DOMAIN)).toBe(0);
  });

  it("refuses a subscription for a domain the world does not know", async () => {
    await start();
    const strict = startVoiceStream({ feed, clock, renderLegPcm: rampPcm, domainExists: (id) => id === DOMAIN });
    const http = await serveRoutes(strict.routes);
    try {
      const body = JSON.stringify({ name: "x", grpcEndpoint: receiver.grpcEndpoint, eventUrl: receiver.eventUrl, trustToken: TOKEN });
      const res = await fetch(`${http.base}/_sim/domains/9999/voicestream/subscriptions`, { method: "POST", body });
      expect(res.status).toBe(404);
      expect(strict.subscriptions.list()).toEqual([]);
    } finally {
      await http.close();
      await strict.stop();
    }
  });

  it("serves the JSON API and the admin page through its handlers", async () => {
    await start();
    const http = await serveRoutes(vs.routes);
    const base = http.base;
    try {
      const api = `${base}/_sim/domains/${DOMAIN}/voicestream/subscriptions`;
      const bad = await fetch(api, { method: "POST", body: JSON.stringify({ name: "x", grpcEndpoint: "no-port", eventUrl: "ftp://x", trustToken: "t" }) });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/grpcEndpoint/);
      const created = await fetch(api, {
        method: "POST",
        body: JSON.stringify({ name: "Loris <prod>", grpcEndpoint: receiver.grpcEndpoint, eventUrl: receiver.eventUrl, trustToken: TOKEN, campaigns: ["Inbound Sales"] }),
      });
      expect(created.status).toBe(201);
      const sub = (await created.json()) as { id: string; status: string };
      expect(sub.status).toBe("active");
      const list = (await (await fetch(api)).json()) as { subscriptions: { id: string }[] };
      expect(list.subscriptions.map((s) => s.id)).toEqual([sub.id]);
      const page = await (await fetch(`${base}/admin/voicestream?domainId=${DOMAIN}`)).text();
      expect(page).toContain("Loris &lt;prod&gt;");
      expect(page).toContain("active");
      expect((await fetch(`${api}/${sub.id}/validate`, { method: "POST" })).status).toBe(200);
      expect((await fetch(`${api}/${sub.id}`, { method: "DELETE" })).status).toBe(204);
      expect((await fetch(`${api}/${sub.id}`)).status).toBe(404);
    } finally {
      await http.close();
    }
  });
});

describe("streaming a call", () => {
  it("streams both legs with config, paced audio, hold/resume and call end, and posts CTI events", async () => {
    await start();
    const sub = await subscribe();
    const call = callNow({ holds: 1, transfers: 1, durationSec: 6 });
    feed.start(call);
    await receiver.waitFor(() => receiver.streams.length === 2 && receiver.streams.every((s) => s.halfClosed));
    await receiver.waitFor(() => receiver.events.some((e) => e.eventType === "CALL_ENDED"));

    for (const leg of ["AGENT", "CUSTOMER"] as const) {
      const [stream] = legOf(leg, call.callId);
      expect(stream!.config).toMatchObject({
        vcc_call_id: call.callId,
        domain_id: DOMAIN,
        campaign_id: "Inbound Sales",
        agent_id: call.agentUsername,
        call_leg: leg,
        trust_token: TOKEN,
        subscription_id: sub.id,
        skill_id: "Sales",
        voice_config: { encoding: "LINEAR16", sample_rate_hertz: 8000 },
      });
      expect(stream!.metadataToken).toBe(TOKEN);
      expect(stream!.statuses()).toEqual(["CLT_CALL_HOLD", "CLT_CALL_RESUME", "CLT_CALL_ENDED"]);
      expectAudioMatchesSendTime(stream!, call);
      // 6 s call, one hold of 1 s (a third of its 3 s share) in the middle: ~5 s of audio (less when a loaded machine delays the stream start: audio begins at the current moment).
      const audioMs = stream!.audio().reduce((sum, m) => sum + m.audio!.length / 16, 0);
      expect(audioMs).toBeGreaterThan(3_000);
      expect(audioMs).toBeLessThanOrEqual(5_000);
      // Nothing is sent while on hold.
      const times = stream!.audio().map((m) => m.sendTimeMs! - call.startedAt.getTime());
      expect(times.some((t) => t >= 2_500 && t < 3_500)).toBe(false);
      expect(times).toEqual([...times].sort((a, b) => a - b));
    }
    expect(receiver.events.map((e) => [e.eventType, e.sequence])).toEqual([
      ["CALL_STARTED", 1],
      ["AGENT_CONNECTED", 2],
      ["CALL_HOLD", 3],
      ["CALL_RESUME", 4],
      ["CALL_TRANSFERRED", 5],
      ["CALL_ENDED", 6],
    ]);
    const ended = receiver.events.at(-1)!;
    expect(ended.callVariables).toMatchObject({ "Call.call_id": call.callId, "Call.session_id": call.sessionId, "Call.ANI": call.ani, "Call.DNIS": call.dnis, "Call.campaign_name": call.campaign, "Agent.user_name": call.agentUsername });
    expect(new Set(receiver.events.map((e) => e.eventId)).size).toBe(6);
    await receiver.waitFor(() => vs.activeCalls().length === 0);
  });

  it("posts only start and end for an abandoned call, and ignores campaigns not subscribed", async () => {
    await start();
    await subscribe(TOKEN, ["Inbound Sales"]);
    feed.start(callNow({ campaign: "Outbound Retention" }));
    const abandoned = callNow({ abandoned: true, recorded: false, agentUsername: null, agentName: null, durationSec: 2 });
    feed.start(abandoned);
    await receiver.waitFor(() => receiver.events.length === 2);
    await new Promise((r) => setTimeout(r, 100));
    expect(receiver.events.map((e) => [e.eventType, e.callVariables["Call.call_id"]])).toEqual([
      ["CALL_STARTED", abandoned.callId],
      ["CALL_ENDED", abandoned.callId],
    ]);
    expect(receiver.streams).toHaveLength(0);
  });

  it("gives up with CLT_ERROR_TIMEOUT when the subscriber never says START", async () => {
    await start({ trustToken: TOKEN, onConfig: () => {} });
    await subscribe();
    feed.start(callNow());
    await receiver.waitFor(() => receiver.streams.length === 2 && receiver.streams.every((s) => s.halfClosed));
    for (const s of receiver.streams) {
      expect(s.statuses()).toEqual(["CLT_ERROR_TIMEOUT"]);
      expect(s.audio()).toHaveLength(0);
    }
  });

  it("survives a subscriber that rejects the trust token with UNAUTHENTICATED, and logs it", async () => {
    // The event URL vouches for TOKEN, but the gRPC server expects another token.
    await start({ trustToken: "the-servers-own-token", validationToken: TOKEN });
    expect((await subscribe()).status).toBe("active");
    const call = callNow({ durationSec: 2 });
    feed.start(call);
    await receiver.waitFor(() => receiver.streams.length === 2);
    await receiver.waitFor(() => logs.filter((l) => l.msg === "voicestream subscriber rejected the trust token").length === 2);
    expect(receiver.streams.every((s) => s.rejected && s.audio().length === 0)).toBe(true);
    // The rest of the simulator carries on: CTI events still arrive for the call.
    await receiver.waitFor(() => receiver.events.some((e) => e.eventType === "CALL_ENDED"));
    await receiver.waitFor(() => vs.activeCalls().length === 0);
  });
});

describe("clock control", () => {
  it("follows a paused clock stepped by hand, sending the stepped-over audio in chunks of at most 200 ms", async () => {
    await start();
    await subscribe();
    clock.setSpeed(0);
    const call = callNow({ durationSec: 4 });
    feed.start(call);
    await receiver.waitFor(() => receiver.streams.length === 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(receiver.streams.every((s) => s.audio().length === 0)).toBe(true);
    clock.advance(1_000);
    await receiver.waitFor(() => receiver.streams.every((s) => s.audio().reduce((n, m) => n + m.audio!.length, 0) === 16_000));
    for (const s of receiver.streams) {
      expect(s.audio().map((m) => m.audio!.length)).toEqual([3200, 3200, 3200, 3200, 3200]);
      expectAudioMatchesSendTime(s, call);
    }
    clock.advance(3_000);
    await receiver.waitFor(() => receiver.streams.every((s) => s.halfClosed));
    for (const s of receiver.streams) {
      expect(s.audio().reduce((n, m) => n + m.audio!.length, 0)).toBe(64_000);
      expect(s.statuses()).toEqual(["CLT_CALL_ENDED"]);
    }
  });
});

describe("subscriber control", () => {
  it("stops audio on PAUSE and continues from the current moment on START", async () => {
    let paused = false;
    await start({
      trustToken: TOKEN,
      onAudio: (stream) => {
        if (stream.config.call_leg !== "AGENT" || paused || stream.audio().length < 10) return;
        paused = true;
        stream.send("SRV_REQ_PAUSE_STREAMING");
        setTimeout(() => stream.send("SRV_REQ_START_STREAMING"), 100); // ~1 s of simulated time
      },
    });
    await subscribe();
    const call = callNow({ durationSec: 4 });
    feed.start(call);
    await receiver.waitFor(() => receiver.streams.length === 2 && receiver.streams.every((s) => s.halfClosed));
    const [agent] = legOf("AGENT", call.callId);
    const [customer] = legOf("CUSTOMER", call.callId);
    const gaps = agent!.audio().slice(1).map((m, i) => m.sendTimeMs! - (agent!.audio()[i]!.sendTimeMs! + agent!.audio()[i]!.audio!.length / 16));
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(500);
    expect(agent!.statuses()).toEqual(["CLT_CALL_ENDED"]);
    expectAudioMatchesSendTime(agent!, call);
    const total = (s: ReceivedStream) => s.audio().reduce((sum, m) => sum + m.audio!.length, 0);
    expect(total(agent!)).toBeLessThan(total(customer!) - 500 * 16);
  });

  it("on RECONNECT closes the stream and opens a new one with a new config, continuing the audio", async () => {
    await start({
      trustToken: TOKEN,
      onAudio: (stream) => {
        if (stream.config.call_leg === "AGENT" && legOf("AGENT", stream.config.vcc_call_id).length === 1 && stream.audio().length === 10) stream.send("SRV_REQ_RECONNECT");
      },
    });
    await subscribe();
    const call = callNow({ durationSec: 4 });
    feed.start(call);
    await receiver.waitFor(() => legOf("AGENT", call.callId).length === 2 && receiver.streams.every((s) => s.halfClosed));
    const [first, second] = legOf("AGENT", call.callId);
    expect(second!.config).toEqual(first!.config);
    expect(first!.statuses()).toEqual([]);
    expect(second!.statuses()).toEqual(["CLT_CALL_ENDED"]);
    const lastOfFirst = first!.audio().at(-1)!.sendTimeMs!;
    expect(second!.audio()[0]!.sendTimeMs!).toBeGreaterThan(lastOfFirst);
    expectAudioMatchesSendTime(second!, call);
    expect(vs.activeCalls()).toEqual([]);
  });

  it("on DISCONNECT half-closes and sends nothing more", async () => {
    await start({
      trustToken: TOKEN,
      onAudio: (stream) => {
        if (stream.config.call_leg === "AGENT" && stream.audio().length === 10) stream.send("SRV_REQ_DISCONNECT");
      },
    });
    await subscribe();
    const call = callNow({ durationSec: 4 });
    feed.start(call);
    await receiver.waitFor(() => receiver.streams.length === 2 && receiver.streams.every((s) => s.halfClosed));
    const [agent] = legOf("AGENT", call.callId);
    expect(legOf("AGENT", call.callId)).toHaveLength(1);
    expect(agent!.statuses()).toEqual([]);
    expect(agent!.audio().at(-1)!.sendTimeMs! - call.startedAt.getTime()).toBeLessThan(2_000);
    expect(legOf("CUSTOMER", call.callId)[0]!.statuses()).toEqual(["CLT_CALL_ENDED"]);
  });

  it("cuts one leg's stream abruptly mid-call under the stream_cut fault", async () => {
    await start();
    await subscribe();
    faults.add("stream_cut");
    const call = callNow({ durationSec: 4 });
    feed.start(call);
    await receiver.waitFor(() => receiver.streams.length === 2 && receiver.streams.every((s) => s.cancelled || s.halfClosed));
    const [agent] = legOf("AGENT", call.callId);
    const [customer] = legOf("CUSTOMER", call.callId);
    expect(agent!.cancelled).toBe(true);
    expect(customer!.cancelled).toBe(false);
    expect(agent!.statuses()).toEqual([]);
    const lastMs = agent!.audio().at(-1)!.sendTimeMs! - call.startedAt.getTime();
    expect(lastMs).toBeGreaterThan(1_000);
    expect(lastMs).toBeLessThan(3_000);
    expect(customer!.statuses()).toEqual(["CLT_CALL_ENDED"]);
    await receiver.waitFor(() => vs.activeCalls().length === 0);
  });
});
