// Gap repair end to end: a call streamed to the real receiver with a jump in
// the agent leg, a customer leg that started late and was cut before the end;
// the simulator's recording of the call (real WAV bytes) stored afterwards.
// The repaired WAVs hold the recording's samples exactly where the gaps were,
// the stream's own audio everywhere else; running again changes nothing; a
// short recording leaves the rest unrepaired; no recording changes nothing.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeCall } from "../../sim/voicestream/test-fakes";
import type { SimCall } from "../../sim/world/types";
import { legPcm, storeSimRecording, streamCall, type LegPlan } from "../../test/support/streamed-call";
import { closeVoiceClients } from "../../test/support/voicestream-client";
import { liveAudioTenant } from "../../test/support/voicestream-tenant";
import { FsBlobStore } from "../blob/fs-blob-store";
import { db } from "../db";
import { stopSendQueue } from "../jobs/web-queue";
import { InProcessBus } from "../realtime/bus";
import { startReceiver, type Receiver } from "../realtime/receiver-server";
import { parseGaps } from "./gaps";
import { callsDueForRepair, queueLiveAudioRepair } from "./queue-repair";
import { repairCallGaps } from "./repair-call";

let dir: string;
let store: FsBlobStore;
let receiver: Receiver;
let fixture: Awaited<ReturnType<typeof liveAudioTenant>>;
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "gap-repair-"));
  store = new FsBlobStore(dir);
  fixture = await liveAudioTenant({ campaigns: ["Inbound Sales"] });
  receiver = await startReceiver({ port: 0, host: "127.0.0.1", store, bus: new InProcessBus(), maxStreams: 50, finaliseAfterMs: 200, sweepIntervalMs: 60_000 });
});

afterAll(async () => {
  await receiver.stop();
  closeVoiceClients();
  await stopSendQueue();
  await rm(dir, { recursive: true, force: true });
});

const target = () => `127.0.0.1:${receiver.port}`;
const PLAN: LegPlan[] = [
  { leg: "AGENT", spans: [[0, 4000], [5000, 12000]] }, // a jump: 4.0–5.0 s never sent
  { leg: "CUSTOMER", spans: [[1500, 9000]] }, // missed the first 1.5 s, cut 3 s before the end
];

function sim(over: Partial<SimCall> = {}): SimCall {
  n++;
  return makeCall({ callId: `30000000${9000 + n}`, durationSec: 12, startedAt: new Date(Date.UTC(2026, 11, 1, 16, 0, n, 250)), ...over });
}

async function wavOf(callId: string, leg: string) {
  const row = await db().liveAudio.findUniqueOrThrow({ where: { callId_leg: { callId, leg } } });
  const bytes = await buffer(await store.get(row.blobKey));
  expect(createHash("sha256").update(bytes).digest("hex")).toBe(row.sha256);
  expect(Number(row.bytes)).toBe(bytes.length);
  return { row, bytes, pcm: bytes.subarray(44) };
}

const gapsOf = async (callId: string, leg: string) =>
  (await db().streamSession.findMany({ where: { callId, leg }, orderBy: { segment: "asc" } })).flatMap((s) => parseGaps(s.gaps));

/** Mono mix samples of the recording, [fromMs, toMs) of the call. */
const recordingPcm = (wav: Buffer, fromMs: number, toMs: number) => wav.subarray(44 + fromMs * 16, 44 + toMs * 16);

describe("gap repair from the recording", () => {
  it("fills a jump, a missed start and a missed end with the recording's samples, and marks them", async () => {
    const call = sim();
    const callId = await streamCall(target(), fixture, call, PLAN);
    // The call log's start has whole seconds: repair finds the exact place by correlation.
    await db().call.update({ where: { id: callId }, data: { startedAt: new Date(call.startedAt.getTime() - 250) } });
    const before = await wavOf(callId, "agent");
    expect(before.row.repairedMs).toBe(0);
    expect(await gapsOf(callId, "agent")).toEqual([{ fromMs: 4000, toMs: 5000, reason: "jump" }]);
    expect(await repairCallGaps(store, callId)).toMatchObject({ outcome: "no_recording" });

    const recording = await storeSimRecording(store, fixture.tenant.id, callId, call);
    expect(await callsDueForRepair({ callId })).toHaveLength(1);
    expect(await queueLiveAudioRepair(callId)).toBe(true);
    expect(await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'live-audio.repair' AND data->>'callId' = ${callId}`).toEqual([{ n: 1n }]);

    const result = await repairCallGaps(store, callId);
    expect(result.outcome).toBe("repaired");
    expect(result.legs.map((l) => l.alignedBy)).toEqual(["correlation", "correlation"]);

    const agent = await wavOf(callId, "agent");
    expect(agent.row.sha256).not.toBe(before.row.sha256);
    expect(agent.row).toMatchObject({ gapMs: 1000, repairedMs: 1000, durationMs: 12000 });
    expect(agent.pcm.subarray(4000 * 16, 5000 * 16).equals(recordingPcm(recording, 4000, 5000))).toBe(true);
    expect(agent.pcm.subarray(0, 4000 * 16).equals(legPcm(call, "AGENT", 0, 4000))).toBe(true);
    expect(agent.pcm.subarray(5000 * 16).equals(legPcm(call, "AGENT", 5000, 12000))).toBe(true);
    expect(await gapsOf(callId, "agent")).toEqual([{ fromMs: 4000, toMs: 5000, reason: "jump", repaired: true, repairedFrom: "recording", repairedMs: 1000 }]);

    // The customer's WAV now starts when the call did and ends when it ended.
    const customer = await wavOf(callId, "customer");
    expect(customer.row).toMatchObject({ gapMs: 4500, repairedMs: 4500, durationMs: 12000 });
    expect(customer.pcm.subarray(0, 1500 * 16).equals(recordingPcm(recording, 0, 1500))).toBe(true);
    expect(customer.pcm.subarray(1500 * 16, 9000 * 16).equals(legPcm(call, "CUSTOMER", 1500, 9000))).toBe(true);
    expect(customer.pcm.subarray(9000 * 16).equals(recordingPcm(recording, 9000, 12000))).toBe(true);
    expect(await gapsOf(callId, "customer")).toEqual([
      { fromMs: -1500, toMs: 0, reason: "missed_start", repaired: true, repairedFrom: "recording", repairedMs: 1500 },
      { fromMs: 7500, toMs: 10500, reason: "missed_end", repaired: true, repairedFrom: "recording", repairedMs: 3000 },
    ]);

    // The conversation: agent left, customer right, both on the call's clock.
    const conversation = await wavOf(callId, "conversation");
    expect(conversation.row).toMatchObject({ gapMs: 5500, repairedMs: 5500, durationMs: 12000 });
    expect(conversation.pcm.readInt16LE(4500 * 32)).toBe(recording.readInt16LE(44 + 4500 * 16));
    expect(conversation.pcm.readInt16LE(1000 * 32 + 2)).toBe(recording.readInt16LE(44 + 1000 * 16));
    expect(conversation.pcm.readInt16LE(6000 * 32 + 2)).toBe(legPcm(call, "CUSTOMER", 6000, 6001).readInt16LE(0));
    expect(await callsDueForRepair({ callId })).toHaveLength(0);

    // Twice = once: same bytes, same marks, nothing filled again.
    const again = await repairCallGaps(store, callId);
    expect(again.outcome).toBe("unchanged");
    expect((await wavOf(callId, "agent")).row.sha256).toBe(agent.row.sha256);
    expect((await wavOf(callId, "conversation")).row.sha256).toBe(conversation.row.sha256);
    expect((await wavOf(callId, "customer")).row.repairedMs).toBe(4500);
  });

  it("takes each leg from its own channel of a per-leg recording", async () => {
    const call = sim({ recordingChannels: "per-leg" });
    const callId = await streamCall(target(), fixture, call, PLAN);
    await storeSimRecording(store, fixture.tenant.id, callId, call);
    expect((await repairCallGaps(store, callId)).outcome).toBe("repaired");
    // The per-leg channel is the leg's own voice: the repaired WAV is the whole leg, as if nothing was lost.
    expect((await wavOf(callId, "agent")).pcm.equals(legPcm(call, "AGENT", 0, 12000))).toBe(true);
    expect((await wavOf(callId, "customer")).pcm.equals(legPcm(call, "CUSTOMER", 0, 12000))).toBe(true);
  });

  it("leaves what a short recording does not cover unrepaired and visible", async () => {
    const call = sim();
    const callId = await streamCall(target(), fixture, call, PLAN);
    const recording = await storeSimRecording(store, fixture.tenant.id, callId, call, { keepMs: 4400 });
    expect((await repairCallGaps(store, callId)).outcome).toBe("repaired");
    const agent = await wavOf(callId, "agent");
    expect(agent.row).toMatchObject({ gapMs: 1000, repairedMs: 400 });
    expect(agent.pcm.subarray(4000 * 16, 4400 * 16).equals(recordingPcm(recording, 4000, 4400))).toBe(true);
    expect(agent.pcm.subarray(4400 * 16, 5000 * 16).equals(Buffer.alloc(600 * 16))).toBe(true);
    expect(await gapsOf(callId, "agent")).toEqual([{ fromMs: 4000, toMs: 5000, reason: "jump", repaired: false, repairedFrom: "recording", repairedMs: 400 }]);
    // The recording ends before the customer leg did: no missed end is known, the missed start is repaired.
    expect((await gapsOf(callId, "customer")).map((g) => [g.reason, g.repaired])).toEqual([["missed_start", true]]);

    // The full recording arrives later (the FTP copy would not win over the API's; here the API's is replaced): due again, repaired in full.
    await storeSimRecording(store, fixture.tenant.id, callId, call);
    expect(await callsDueForRepair({ callId })).toHaveLength(1);
    await repairCallGaps(store, callId);
    expect((await wavOf(callId, "agent")).row).toMatchObject({ gapMs: 1000, repairedMs: 1000 });
  });

  it("refuses a recording it cannot read without changing anything", async () => {
    const call = sim();
    const callId = await streamCall(target(), fixture, call, PLAN);
    const before = await wavOf(callId, "agent");
    await storeSimRecording(store, fixture.tenant.id, callId, call);
    const row = await db().callRecording.findFirstOrThrow({ where: { callId } });
    const { Readable } = await import("node:stream");
    await store.put(row.blobKey, Readable.from([Buffer.from("not a wav at all")]));
    expect(await repairCallGaps(store, callId)).toMatchObject({ outcome: "unusable_recording", reason: "not a RIFF/WAVE file" });
    expect((await wavOf(callId, "agent")).row.sha256).toBe(before.row.sha256);
    expect(await gapsOf(callId, "agent")).toEqual([{ fromMs: 4000, toMs: 5000, reason: "jump" }]);
    expect(await callsDueForRepair({ callId })).toHaveLength(0);
  });
});
