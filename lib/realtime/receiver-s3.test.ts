// The receiver storing a leg through the S3 blob store (s3rver, a real S3
// protocol server in-process): while the leg streams, its segment blob's 5 MiB
// parts are already in the bucket (an open multipart upload); once the call
// ends the segment object is complete and the finalised WAV, read back from
// S3, holds exactly the audio sent.
import { buffer } from "node:stream/consumers";
import { status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { s3rverPerFile } from "../../test/support/s3rver-blob-store";
import { closeVoiceClients, openLeg, rampPcm, waitUntil } from "../../test/support/voicestream-client";
import { liveAudioTenant } from "../../test/support/voicestream-tenant";
import { db } from "../db";
import { InProcessBus } from "./bus";
import { startReceiver, type Receiver } from "./receiver-server";

const s3 = s3rverPerFile();
let receiver: Receiver;
let fixture: Awaited<ReturnType<typeof liveAudioTenant>>;
const T0 = Date.parse("2026-12-02T12:00:00.000Z");
const CHUNK_MS = 2000;
const CHUNKS = 197; // 394 s = 6,304,000 bytes: one full 5 MiB part and a last one

beforeAll(async () => {
  fixture = await liveAudioTenant();
  // Storage is not what is tested here: room for the whole burst without PAUSE.
  receiver = await startReceiver({ port: 0, host: "127.0.0.1", store: s3.store(), bus: new InProcessBus(), maxStreams: 10, finaliseAfterMs: 200, sweepIntervalMs: 60_000, session: { highWaterBytes: 32 * 2 ** 20, maxQueuedBytes: 64 * 2 ** 20 } });
});

afterAll(async () => {
  closeVoiceClients();
  await receiver.stop();
});

describe("receiver → S3", () => {
  it("uploads a streaming leg's parts before the call ends and finalises its WAV from the bucket byte for byte", async () => {
    const d = { token: fixture.token, domainId: fixture.domainId, subscriptionId: fixture.subscriptionId, callId: "s3-leg-1", campaign: "Sales" };
    const l = openLeg(`127.0.0.1:${receiver.port}`, d);
    l.config();
    await l.waitForStatus("SRV_REQ_START_STREAMING");
    for (let i = 0; i < CHUNKS; i++) l.audio(rampPcm(i * CHUNK_MS, CHUNK_MS), T0 + i * CHUNK_MS);
    const segment = await db().streamSession.findFirstOrThrow({ where: { call: { five9CallId: d.callId } } });
    await waitUntil(() => s3.pendingUploads().some((u) => u.key === segment.blobKey && u.parts[0]?.bytes === 5 * 2 ** 20), 10_000, "a part in the bucket while streaming");
    expect(await s3.store().head(segment.blobKey)).toBeUndefined();

    l.status("CLT_CALL_ENDED");
    l.end();
    expect((await l.closed).code).toBe(status.OK);
    const totalBytes = CHUNKS * CHUNK_MS * 16;
    expect(await db().streamSession.findUniqueOrThrow({ where: { id: segment.id } })).toMatchObject({ endStatus: "call_ended", bytes: BigInt(totalBytes) });
    expect(s3.pendingUploads().filter((u) => u.key === segment.blobKey)).toEqual([]);
    expect(await s3.store().head(segment.blobKey)).toMatchObject({ bytes: totalBytes });

    await waitUntil(async () => (await db().liveAudio.count({ where: { callId: segment.callId, leg: "agent" } })) === 1, 10_000, "agent WAV");
    const wav = await buffer(await s3.store().get((await db().liveAudio.findFirstOrThrow({ where: { callId: segment.callId, leg: "agent" } })).blobKey));
    expect(wav.subarray(44).equals(rampPcm(0, CHUNKS * CHUNK_MS))).toBe(true);
  }, 30_000);
});
