// The target the demo writes for a partner's own Five9-side client: the file
// (shape, mode 0600, refused when malformed), and a partner's client pointed
// at a receiver by nothing but that file: audio for a new, non-numeric call id
// becomes a call in Calls with its live audio.
import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FsBlobStore } from "../../lib/blob/fs-blob-store";
import { listCalls, parseCallFilters } from "../../lib/ingestion-status/calls";
import { callLiveAudio } from "../../lib/live-audio/call-live-audio";
import { InProcessBus } from "../../lib/realtime/bus";
import { startReceiver, type Receiver } from "../../lib/realtime/receiver-server";
import { closeVoiceClients, openLeg, rampPcm, waitUntil } from "../../test/support/voicestream-client";
import { liveAudioTenant } from "../../test/support/voicestream-tenant";
import { db } from "../../lib/db";
import { readVoiceStreamTarget, targetFile, writeVoiceStreamTarget } from "./voicestream-target";

let dir: string;
let receiver: Receiver;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "vs-target-"));
  receiver = await startReceiver({ port: 0, host: "127.0.0.1", store: new FsBlobStore(path.join(dir, "blobs")), bus: new InProcessBus(), maxStreams: 10, finaliseAfterMs: 200, sweepIntervalMs: 60_000 });
});

afterAll(async () => {
  await receiver.stop();
  closeVoiceClients();
  await rm(dir, { recursive: true, force: true });
});

describe("the demo's VoiceStream target", () => {
  it("is written as {endpoint, subscriptionId, domainId, trustToken}, readable only by its owner", async () => {
    const target = { endpoint: "127.0.0.1:50051", subscriptionId: "vs-1", domainId: "1002", trustToken: "t".repeat(43) };
    const file = writeVoiceStreamTarget(dir, target);
    expect(file).toBe(targetFile(dir));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(readVoiceStreamTarget(dir)).toEqual(target);
    // Written again (a second demo run): still 0600, replaced whole.
    writeVoiceStreamTarget(dir, { ...target, trustToken: "u".repeat(43) });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(readVoiceStreamTarget(dir).trustToken).toBe("u".repeat(43));
    expect(() => writeVoiceStreamTarget(dir, { ...target, endpoint: "no port" })).toThrow(/host:port/);
    await writeFile(file, JSON.stringify({ ...target, extra: 1 }));
    expect(() => readVoiceStreamTarget(dir)).toThrow();
  });

  it("is all a partner's own client needs: a new call id streamed with it shows in Calls with live audio", async () => {
    const fixture = await liveAudioTenant({ campaigns: ["Sales"] });
    writeVoiceStreamTarget(dir, { endpoint: `127.0.0.1:${receiver.port}`, subscriptionId: fixture.subscriptionId, domainId: fixture.domainId, trustToken: fixture.token });
    const target = readVoiceStreamTarget(dir);
    const callId = `partner-${Date.now().toString(36)}`;
    const start = Date.now();
    for (const leg of ["AGENT", "CUSTOMER"] as const) {
      const stream = openLeg(target.endpoint, { token: target.trustToken, domainId: target.domainId, subscriptionId: target.subscriptionId, callId, campaign: "Sales", leg });
      stream.config();
      await stream.waitForStatus("SRV_REQ_START_STREAMING");
      for (let t = 0; t < 2000; t += 20) stream.audio(rampPcm(t, 20), start + t);
      stream.status("CLT_CALL_ENDED");
      stream.end();
      await stream.closed;
    }
    await waitUntil(async () => (await db().liveAudio.count({ where: { call: { five9CallId: callId } } })) === 3, 10_000, "the partner call's live audio");
    const { calls } = await listCalls(fixture.tenant.id, parseCallFilters({}).data!);
    const row = calls.find((c) => c.five9CallId === callId);
    expect(row).toBeDefined();
    const live = await callLiveAudio(fixture.tenant.id, row!.id, fixture.tenant.slug);
    expect(live?.legs.map((l) => [l.leg, l.durationMs, l.gapMs])).toEqual([["agent", 2000, 0], ["customer", 2000, 0], ["conversation", 2000, 0]]);
  });
});
