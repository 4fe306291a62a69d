// End to end with the Five9 simulator as the client: the simulator streams
// calls (two legs, holds, a mid-call cut) at 10× clock speed to our receiver;
// we end with LiveAudio WAVs whose bytes are exactly the simulator's audio at
// the right place on send_time, holds recorded, and the cut leg finalised by
// the sweep once it did not come back.
import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ControllableClock } from "../../sim/world/clock";
import { FakeFaults, FakeFeed, makeCall, rampPcm, serveRoutes } from "../../sim/voicestream/test-fakes";
import { startVoiceStream, type VoiceStreamService } from "../../sim/voicestream/voicestream";
import { waitUntil } from "../../test/support/voicestream-client";
import { liveAudioTenant } from "../../test/support/voicestream-tenant";
import { FsBlobStore } from "../blob/fs-blob-store";
import { db } from "../db";
import { InProcessBus } from "./bus";
import { startReceiver, type Receiver } from "./receiver-server";

let dir: string;
let store: FsBlobStore;
let receiver: Receiver;
let clock: ControllableClock;
let feed: FakeFeed;
let faults: FakeFaults;
let vs: VoiceStreamService;
let events: Awaited<ReturnType<typeof serveRoutes>>;
let fixture: Awaited<ReturnType<typeof liveAudioTenant>>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "vs-sim-"));
  store = new FsBlobStore(dir);
  fixture = await liveAudioTenant({ campaigns: ["Inbound Sales"] });
  receiver = await startReceiver({ port: 0, host: "127.0.0.1", store, bus: new InProcessBus(), maxStreams: 100, finaliseAfterMs: 300, sweepIntervalMs: 60_000 });
  const digest = JSON.stringify(createHash("sha256").update(fixture.token).digest("hex"));
  events = await serveRoutes([
    { method: "GET", path: "/events", handler: async (_req, res) => void res.writeHead(200, { "content-type": "application/json" }).end(digest) },
    { method: "POST", path: "/events", handler: async (_req, res) => void res.writeHead(204).end() },
  ]);
  clock = new ControllableClock({ start: Date.parse("2026-12-01T16:00:00Z"), speed: 10 });
  feed = new FakeFeed();
  faults = new FakeFaults();
  vs = startVoiceStream({ feed, clock, renderLegPcm: rampPcm, faults, log: pino({ level: "silent" }), startTimeoutMs: 2000, eventRetryDelaysMs: [20] });
  const sub = await vs.subscriptions.create(fixture.domainId, { name: "Loris", grpcEndpoint: `127.0.0.1:${receiver.port}`, eventUrl: `${events.base}/events`, trustToken: fixture.token, campaigns: [] });
  expect(sub.status).toBe("active");
});

afterAll(async () => {
  await vs.stop();
  await receiver.stop();
  await events.close();
  clock.close();
  await rm(dir, { recursive: true, force: true });
});

async function wav(callId: string, leg: string): Promise<Buffer> {
  const row = await db().liveAudio.findFirstOrThrow({ where: { callId, leg } });
  return buffer(await store.get(row.blobKey));
}

describe("simulator → receiver", () => {
  it("stores a call with a hold: both legs' audio byte for byte at its send_time, the hold recorded, three WAVs", async () => {
    const call = makeCall({ domainId: fixture.domainId, startedAt: new Date(clock.now()), durationSec: 20, holds: 1 });
    feed.start(call);
    const dbCall = await (async () => {
      await waitUntil(async () => (await db().liveAudio.count({ where: { call: { five9CallId: call.callId } } })) === 3, 15_000, "three WAVs");
      return db().call.findFirstOrThrow({ where: { five9CallId: call.callId } });
    })();
    const rows = await db().streamSession.findMany({ where: { callId: dbCall.id }, orderBy: { leg: "asc" } });
    expect(rows.map((r) => [r.leg, r.endStatus])).toEqual([["agent", "call_ended"], ["customer", "call_ended"]]);
    for (const r of rows) {
      expect((r.holds as unknown[]).length).toBe(1);
      expect(r.timeToFirstAudioMs).toBeLessThan(1000);
      const legPcm = (await wav(dbCall.id, r.leg)).subarray(44);
      const offsetSamples = (r.firstAudioAt!.getTime() - call.startedAt.getTime()) * 8;
      const expected = rampPcm(call, r.leg.toUpperCase() as "AGENT", offsetSamples, 1600);
      expect(legPcm.subarray(0, 3200).equals(Buffer.from(expected.buffer))).toBe(true);
    }
    const stereo = (await wav(dbCall.id, "conversation")).subarray(44);
    // Same instant on both channels: agent sample n, customer sample -n. The legs may start a few
    // simulated ms apart (START reaches them at different moments), so look 200 ms after the later one.
    const firsts = rows.map((r) => r.firstAudioAt!.getTime());
    const frame = ((Math.max(...firsts) - Math.min(...firsts)) + 200) * 8;
    const agent = stereo.readInt16LE(frame * 4);
    expect(agent).not.toBe(0);
    expect(stereo.readInt16LE(frame * 4 + 2)).toBe(-agent);
  });

  it("finalises a call whose leg was cut mid-call once the sweep sees it did not come back", async () => {
    faults.add("stream_cut", 1);
    const call = makeCall({ domainId: fixture.domainId, startedAt: new Date(clock.now()), durationSec: 4 });
    feed.start(call);
    await waitUntil(async () => (await db().streamSession.count({ where: { call: { five9CallId: call.callId }, endedAt: { not: null } } })) === 2, 15_000, "both legs ended");
    const rows = await db().streamSession.findMany({ where: { call: { five9CallId: call.callId } }, orderBy: { leg: "asc" } });
    expect(rows.map((r) => r.endStatus).sort()).toEqual(["call_ended", "cut"]);
    await new Promise((r) => setTimeout(r, 400));
    await receiver.sweep();
    await receiver.idle();
    expect(await db().liveAudio.count({ where: { callId: rows[0]!.callId } })).toBe(3);
  });
});
