// A call streamed to a real receiver by hand-written legs (the simulator's
// audio for a SimCall, cut into the spans a test chooses, so gaps, a missed
// start and a missed end are where the test says), and the call's recording
// as the simulator renders it — for gap repair and the live-audio views.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { renderLegPcm } from "../../sim/world/audio";
import { wavRange } from "../../sim/world/wav";
import type { SimCall } from "../../sim/world/types";
import type { BlobStore } from "../../lib/blob/blob-store";
import { recordingBlobKey } from "../../lib/blob/blob-store";
import { db } from "../../lib/db";
import { openLeg, waitUntil } from "./voicestream-client";

export interface LegPlan {
  leg: "AGENT" | "CUSTOMER";
  /** [fromMs, toMs) of the call that this leg sends; the time between spans is never sent. */
  spans: [number, number][];
}

const FRAME_MS = 20;

/** The simulator's samples of one leg, [fromMs, toMs) of the call. */
export function legPcm(call: SimCall, leg: "AGENT" | "CUSTOMER", fromMs: number, toMs: number): Buffer {
  const samples = renderLegPcm(call, leg, fromMs * 8, (toMs - fromMs) * 8);
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
}

/** Streams the legs (20 ms frames, send_time on the call's clock), ends them with CLT_CALL_ENDED, waits for the LiveAudio rows. */
export async function streamCall(target: string, fixture: { token: string; domainId: string; subscriptionId: string }, call: SimCall, legs: LegPlan[]): Promise<string> {
  const start = call.startedAt.getTime();
  const clients = legs.map((plan) => {
    const leg = openLeg(target, { ...fixture, callId: call.callId, campaign: call.campaign, leg: plan.leg });
    leg.config();
    return { plan, leg };
  });
  for (const { plan, leg } of clients) {
    await leg.waitForStatus("SRV_REQ_START_STREAMING");
    for (const [from, to] of plan.spans) for (let t = from; t < to; t += FRAME_MS) leg.audio(legPcm(call, plan.leg, t, Math.min(to, t + FRAME_MS)), start + t);
    leg.status("CLT_CALL_ENDED");
    leg.end();
  }
  await Promise.all(clients.map((c) => c.leg.closed));
  let callId = "";
  await waitUntil(async () => {
    const row = await db().call.findFirst({ where: { five9CallId: call.callId }, select: { id: true, liveAudio: { select: { leg: true } } } });
    callId = row?.id ?? "";
    return (row?.liveAudio.length ?? 0) >= legs.length + 1;
  }, 15_000, "the call's LiveAudio");
  return callId;
}

/** The simulator's WAV of the call (optionally only its first `keepMs`), stored as the call's API recording, as the media run stores it. */
export async function storeSimRecording(store: BlobStore, tenantId: string, callId: string, call: SimCall, options: { keepMs?: number; source?: "api" | "ftp" } = {}): Promise<Buffer> {
  let wav = Buffer.concat([...wavRange(call)]);
  if (options.keepMs !== undefined) {
    const channels = call.recordingChannels === "per-leg" ? 2 : 1;
    const dataBytes = options.keepMs * 8 * 2 * channels;
    wav = Buffer.concat([wav.subarray(0, 44), wav.subarray(44, 44 + dataBytes)]);
    wav.writeUInt32LE(36 + dataBytes, 4);
    wav.writeUInt32LE(dataBytes, 40);
  }
  const source = options.source ?? "api";
  const blobKey = source === "api" ? recordingBlobKey(tenantId, callId) : `${recordingBlobKey(tenantId, callId).replace(/\.wav$/, "")}-ftp.wav`;
  await store.put(blobKey, Readable.from([wav]), { contentType: "audio/wav" });
  const data = { tenantId, blobKey, sha256: createHash("sha256").update(wav).digest("hex"), bytes: BigInt(wav.length), durationMs: Math.round(((wav.length - 44) / (call.recordingChannels === "per-leg" ? 4 : 2)) / 8), storedAt: new Date() };
  await db().callRecording.upsert({ where: { callId_source: { callId, source } }, create: { callId, source, ...data }, update: data });
  return wav;
}
