// The call page's live audio: legs with duration, gaps and their repair state,
// time to first audio, end status; each WAV streamed with Range through the
// tenant's route — and never to another tenant, nor for a leg that is not one.
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getLiveAudio } from "@/app/api/tenants/[slug]/calls/[callId]/live-audio/[leg]/route";
import { createTenant, createUser } from "../../test/support/fixtures";
import { requestAs } from "../../test/support/sessions";
import { blobStore } from "../blob/blob-store-from-env";
import { liveAudioBlobKey } from "../blob/blob-store";
import { db } from "../db";
import { callLiveAudio } from "./call-live-audio";

const ctx = (params: Record<string, string>) => ({ params: Promise.resolve(params) });
const WAV = Buffer.concat([Buffer.from("RIFF....WAVE"), Buffer.alloc(3200, 7)]);
let tenantA: { id: string; slug: string };
let tenantB: { id: string; slug: string };
let adminA: { id: string };
let adminB: { id: string };
let callA: string;

beforeAll(async () => {
  tenantA = await createTenant("live-view-a");
  tenantB = await createTenant("live-view-b");
  adminA = await createUser({ tenantIds: [tenantA.id] });
  adminB = await createUser({ tenantIds: [tenantB.id] });
  const call = await db().call.create({ data: { tenantId: tenantA.id, five9CallId: "300000000501", startedAt: new Date("2026-12-01T10:00:00Z"), raw: {} } });
  callA = call.id;
  const session = (leg: string, segment: number, gaps: object[], endStatus: string) => ({
    tenantId: tenantA.id, callId: callA, leg, segment, subscriptionId: "s", blobKey: `k-${leg}-${segment}`, configAt: new Date(), firstAudioAt: new Date(), endedAt: new Date(), timeToFirstAudioMs: 180, gaps, endStatus,
  });
  await db().streamSession.createMany({
    data: [
      session("agent", 1, [{ fromMs: 4000, toMs: 5000, reason: "jump", repaired: true, repairedFrom: "recording", repairedMs: 1000 }], "cut"),
      session("agent", 2, [{ fromMs: 8000, toMs: 8500, reason: "reconnect" }], "call_ended"),
      session("customer", 1, [{ fromMs: -1500, toMs: 0, reason: "missed_start", repaired: true, repairedFrom: "recording", repairedMs: 1500 }], "client_error:CLT_ERROR_GENERIC"),
    ],
  });
  for (const leg of ["agent", "customer", "conversation"]) {
    const key = liveAudioBlobKey(tenantA.id, callA, leg);
    await blobStore().put(key, Readable.from([WAV]), { contentType: "audio/wav" });
    await db().liveAudio.create({ data: { tenantId: tenantA.id, callId: callA, leg, blobKey: key, sha256: leg.padEnd(64, "0"), bytes: BigInt(WAV.length), durationMs: 12_000, gapMs: leg === "agent" ? 1500 : 1500, repairedMs: leg === "agent" ? 1000 : 1500 } });
  }
});

describe("a call's live audio", () => {
  it("lists each leg with its gaps, repair state, time to first audio and end", async () => {
    const live = await callLiveAudio(tenantA.id, callA, tenantA.slug);
    expect(live?.streaming).toBe(false);
    expect(live?.legs.map((l) => l.leg)).toEqual(["agent", "customer", "conversation"]);
    const [agent, customer, conversation] = live!.legs;
    expect(agent).toMatchObject({ durationMs: 12_000, gapMs: 1500, repairedMs: 1000, segments: 2, timeToFirstAudioMs: 180, endStatus: "call ended", url: `/api/tenants/${tenantA.slug}/calls/${callA}/live-audio/agent` });
    expect(agent!.gaps).toEqual([
      { atMs: 4000, lengthMs: 1000, reason: "jump", reasonLabel: "audio did not arrive", repaired: true, repairLabel: "repaired from recording" },
      { atMs: 8000, lengthMs: 500, reason: "reconnect", reasonLabel: "reconnect", repaired: false, repairLabel: "not repaired" },
    ]);
    // A missed start: the repaired WAV begins 1.5 s before the leg's first audio.
    expect(customer!.gaps).toEqual([{ atMs: 0, lengthMs: 1500, reason: "missed_start", reasonLabel: "missed start", repaired: true, repairLabel: "repaired from recording" }]);
    expect(customer!.endStatus).toBe("Five9 error CLT_ERROR_GENERIC");
    expect(conversation!.gaps).toEqual([]);
    expect(await callLiveAudio(tenantB.id, callA, tenantB.slug)).toBeNull();
  });

  it("streams a leg's WAV whole or by range", async () => {
    const whole = await getLiveAudio(await requestAs(adminA.id, "http://x"), ctx({ slug: tenantA.slug, callId: callA, leg: "agent" }));
    expect(whole.status).toBe(200);
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(Buffer.from(await whole.arrayBuffer()).equals(WAV)).toBe(true);
    const request = await requestAs(adminA.id, "http://x");
    request.headers.set("range", "bytes=8-11");
    const part = await getLiveAudio(request, ctx({ slug: tenantA.slug, callId: callA, leg: "conversation" }));
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 8-11/${WAV.length}`);
    expect(Buffer.from(await part.arrayBuffer()).toString()).toBe("WAVE");
    const bad = await requestAs(adminA.id, "http://x");
    bad.headers.set("range", "bytes=999999-");
    expect((await getLiveAudio(bad, ctx({ slug: tenantA.slug, callId: callA, leg: "agent" }))).status).toBe(416);
  });

  it("refuses another tenant's member, a stranger, an unknown leg and a leg with no audio", async () => {
    const other = await getLiveAudio(await requestAs(adminB.id, "http://x"), ctx({ slug: tenantA.slug, callId: callA, leg: "agent" }));
    expect(other.status).toBe(404);
    // Through B's own workspace, A's call id does not exist either.
    const viaB = await getLiveAudio(await requestAs(adminB.id, "http://x"), ctx({ slug: tenantB.slug, callId: callA, leg: "agent" }));
    expect(viaB.status).toBe(404);
    expect(await viaB.text()).not.toContain(WAV.toString().slice(0, 4));
    expect((await getLiveAudio(await requestAs(null, "http://x"), ctx({ slug: tenantA.slug, callId: callA, leg: "agent" }))).status).toBe(401);
    const unknown = await getLiveAudio(await requestAs(adminA.id, "http://x"), ctx({ slug: tenantA.slug, callId: callA, leg: "../recording" }));
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { message: expect.stringContaining("must be agent, customer, supervisor or conversation") } });
    expect((await getLiveAudio(await requestAs(adminA.id, "http://x"), ctx({ slug: tenantA.slug, callId: callA, leg: "supervisor" }))).status).toBe(404);
  });
});
