// Storage falling behind: a leg's queued bytes stay bounded — the receiver
// pauses Five9 (SRV_REQ_PAUSE_STREAMING), resumes it (START) once storage has
// drained, and the paused time is a gap with reason "paused". A client that
// ignores PAUSE never takes the leg's queue over maxQueuedBytes: the chunk that
// would is dropped (a gap "overrun") and the leg ends RESOURCE_EXHAUSTED.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeVoiceClients, openLeg, rampPcm, waitUntil } from "../../test/support/voicestream-client";
import { liveAudioTenant } from "../../test/support/voicestream-tenant";
import type { AppendHandle } from "../blob/blob-store";
import { FsBlobStore } from "../blob/fs-blob-store";
import { db } from "../db";
import { InProcessBus } from "./bus";
import { startReceiver, type Receiver } from "./receiver-server";

/** An fs store whose appends wait while the gate is closed (a slow disk or bucket). */
class GatedStore extends FsBlobStore {
  gate: Promise<void> = Promise.resolve();
  open_: (() => void) | undefined;
  close(): void {
    this.gate = new Promise((resolve) => (this.open_ = resolve));
  }
  release(): void {
    this.open_?.();
  }
  override async openAppend(key: string, options = {}): Promise<AppendHandle> {
    const inner = await super.openAppend(key, options);
    const write = inner.write.bind(inner);
    inner.write = async (data, position) => {
      await this.gate;
      return write(data, position);
    };
    return inner;
  }
}

let dir: string;
let store: GatedStore;
let receiver: Receiver;
let fixture: Awaited<ReturnType<typeof liveAudioTenant>>;
const T0 = Date.parse("2026-12-01T11:00:00.000Z");
const MAX_QUEUED = 3200 * 50; // 10 s of audio
const IDLE_MS = 1000;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "vs-bp-"));
  store = new GatedStore(dir);
  fixture = await liveAudioTenant();
  receiver = await startReceiver({ port: 0, host: "127.0.0.1", store, bus: new InProcessBus(), maxStreams: 10, session: { highWaterBytes: 3200 * 3, lowWaterBytes: 0, maxQueuedBytes: MAX_QUEUED, holdKeepaliveMs: 100, idleTimeoutMs: IDLE_MS } });
});

afterAll(async () => {
  closeVoiceClients();
  await receiver.stop();
  await rm(dir, { recursive: true, force: true });
});

/** A started leg of `callId` whose storage is stalled after 1 s of audio, once the receiver asked it to PAUSE. */
async function pausedLeg(callId: string) {
  const l = openLeg(`127.0.0.1:${receiver.port}`, { token: fixture.token, domainId: fixture.domainId, subscriptionId: "sub", callId, campaign: "Sales" });
  l.config();
  await l.waitForStatus("SRV_REQ_START_STREAMING");
  store.close();
  for (let i = 0; i < 5; i++) l.audio(rampPcm(i * 200, 200), T0 + i * 200);
  await l.waitForStatus("SRV_REQ_PAUSE_STREAMING");
  return l;
}

describe("backpressure", () => {
  it("pauses the client while storage is behind, resumes when drained, and records the paused time as a gap", async () => {
    const l = await pausedLeg("bp-1");
    await waitUntil(() => l.responses.some((r) => r.status?.message === "keepalive"), 2000, "keepalive while paused");
    store.release();
    await waitUntil(() => l.statuses().filter((s) => s === "SRV_REQ_START_STREAMING").length === 2, 3000, "START again");
    l.audio(rampPcm(3000, 200), T0 + 3000);
    l.status("CLT_CALL_ENDED");
    l.end();
    await l.closed;
    const row = await db().streamSession.findFirstOrThrow({ where: { call: { five9CallId: "bp-1" } } });
    expect(row.gaps).toEqual([{ fromMs: 1000, toMs: 3000, reason: "paused" }]);
    expect(Number(row.bytes)).toBe(1200 * 16);
  });

  it("bounds a leg whose client ignores PAUSE while storage is stalled: the queue never exceeds maxQueuedBytes, the leg ends RESOURCE_EXHAUSTED, the dropped audio is a gap", async () => {
    const d = { token: fixture.token, domainId: fixture.domainId, subscriptionId: "sub", callId: "bp-overrun", campaign: "Sales" };
    const l = openLeg(`127.0.0.1:${receiver.port}`, d);
    l.config();
    await l.waitForStatus("SRV_REQ_START_STREAMING");
    await waitUntil(() => receiver.sessions().length === 1, 2000, "session");
    const session = receiver.sessions()[0]!;
    store.close();
    // 40 s of audio as fast as the client can write it, PAUSE or not.
    for (let i = 0; i < 200; i++) l.audio(rampPcm(i * 200, 200), T0 + i * 200);
    const end = await l.closed;
    expect(end.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(end.details).toBe(`audio kept coming while paused: more than ${MAX_QUEUED} bytes waiting for storage`);
    expect(l.statuses()).toEqual(["SRV_REQ_START_STREAMING", "SRV_REQ_PAUSE_STREAMING", "SRV_ERROR_NO_RESOURCE"]);
    // Storage is still stalled: nothing was written, so what is queued now is the most the leg ever held.
    expect(session.queuedBytes()).toBe(MAX_QUEUED);
    expect(receiver.load().peakQueuedBytes).toBeLessThanOrEqual(MAX_QUEUED);
    store.release();
    await session.done;
    const row = await db().streamSession.findFirstOrThrow({ where: { call: { five9CallId: "bp-overrun" } } });
    expect(row).toMatchObject({ endStatus: "overrun", bytes: BigInt(MAX_QUEUED), endBytes: BigInt(MAX_QUEUED + 3200) });
    expect(row.gaps).toEqual([{ fromMs: 10_000, toMs: 10_200, reason: "overrun" }]);
  });

  it("does not count a pause as silence: a leg paused for over twice the idle timeout stays, resumes and ends cleanly", async () => {
    const l = await pausedLeg("bp-paused-long");
    // Keepalives every 100 ms: 25 of them = 2.5 idle timeouts without a message from the client.
    await waitUntil(() => l.responses.filter((r) => r.status?.message === "keepalive").length >= 25, 8000, "keepalives through the pause");
    expect(l.statuses()).not.toContain("SRV_ERROR_TIMEOUT");
    store.release();
    await waitUntil(() => l.statuses().filter((s) => s === "SRV_REQ_START_STREAMING").length === 2, 3000, "START again");
    l.audio(rampPcm(5000, 200), T0 + 5000);
    l.status("CLT_CALL_ENDED");
    l.end();
    expect((await l.closed).code).toBe(status.OK);
    const row = await db().streamSession.findFirstOrThrow({ where: { call: { five9CallId: "bp-paused-long" } } });
    expect(row).toMatchObject({ endStatus: "call_ended", bytes: BigInt(1200 * 16) });
  });
});
