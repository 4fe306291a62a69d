// The live view's feeds over a real receiver, database and LISTEN/NOTIFY:
// the SSE route (headers, snapshot of the tenant's calls only, levels, the
// event timeline, Last-Event-ID, abort) and Listen (the leg's PCM as it grows).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as sseGET } from "@/app/api/tenants/[slug]/live/events/route";
import { GET as audioGET } from "@/app/api/tenants/[slug]/live/calls/[callId]/[leg]/audio/route";
import { POST as eventPOST } from "@/app/api/five9/events/[key]/route";
import { createUser } from "../../test/support/fixtures";
import { requestAs } from "../../test/support/sessions";
import { closeVoiceClients, openLeg, rampPcm, waitUntil, type LegClient } from "../../test/support/voicestream-client";
import { liveAudioTenant } from "../../test/support/voicestream-tenant";
import { FsBlobStore } from "../blob/fs-blob-store";
import { db } from "../db";
import { setProcessEnv } from "../env";
import { InProcessBus } from "../realtime/bus";
import { startReceiver, type Receiver } from "../realtime/receiver-server";
import { liveNoticeHub } from "./live-listener";
import type { LiveViewLevels, LiveViewSnapshot } from "./live-sse";

let dir: string;
let receiver: Receiver;
let target: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "live-view-"));
  setProcessEnv({ BLOB_STORE: "fs", BLOB_DIR: dir });
  receiver = await startReceiver({ port: 0, host: "127.0.0.1", store: new FsBlobStore(dir), bus: new InProcessBus(), maxStreams: 50, finaliseAfterMs: 300, sweepIntervalMs: 60_000 });
  target = `127.0.0.1:${receiver.port}`;
});

afterAll(async () => {
  closeVoiceClients();
  await receiver.stop();
  await liveNoticeHub().close();
  await rm(dir, { recursive: true, force: true });
});

interface SseEvent { id?: string; event: string; data: unknown }

/** Reads an SSE body into parsed events as they come. */
function sseReader(res: Response) {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  const done = (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true as const }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const fields: Record<string, string> = {};
        for (const line of block.split("\n")) {
          if (line.startsWith(":")) comments.push(line);
          const m = /^(\w+): ?(.*)$/.exec(line);
          if (m) fields[m[1]!] = m[2]!;
        }
        if (fields.event) events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data ?? "null") });
      }
    }
  })();
  const snapshots = () => events.filter((e) => e.event === "snapshot").map((e) => e.data as LiveViewSnapshot);
  return { events, comments, done, snapshots, last: () => snapshots().at(-1) };
}

async function viewerOf(tenantId: string) {
  return (await createUser({ tenantIds: [tenantId] })).id;
}

async function openSse(userId: string | null, slug: string, lastEventId?: string) {
  const abort = new AbortController();
  const req = await requestAs(userId, `http://x/api/tenants/${slug}/live/events`);
  const headers = new Headers(req.headers);
  if (lastEventId) headers.set("last-event-id", lastEventId);
  const res = await sseGET(new Request(req.url, { headers, signal: abort.signal }), { params: Promise.resolve({ slug }) });
  return { res, abort };
}

function streamLeg(f: Awaited<ReturnType<typeof liveAudioTenant>>, callId: string, leg: "AGENT" | "CUSTOMER" = "AGENT"): LegClient {
  const client = openLeg(target, { token: f.token, domainId: f.domainId, subscriptionId: f.subscriptionId, callId, campaign: "Sales", leg });
  client.config();
  return client;
}

/** Loud ramp audio, paced so the receiver's once-a-second notices carry levels. */
async function sendAudio(client: LegClient, fromMs: number, ms: number) {
  const start = Date.now() - 60_000 + fromMs;
  for (let t = 0; t < ms; t += 100) {
    client.audio(rampPcm(t, 100), start + t);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("live view SSE", () => {
  it("answers with non-buffering SSE headers and only to a member (401 signed out, 404 another tenant's)", async () => {
    const f = await liveAudioTenant();
    const other = await liveAudioTenant();
    const { res, abort } = await openSse(await viewerOf(f.tenant.id), f.tenant.slug);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(res.headers.get("cache-control")).toBe("no-cache, no-transform");
    expect(res.headers.get("x-accel-buffering")).toBe("no");
    const sse = sseReader(res);
    await waitUntil(() => sse.snapshots().length > 0, 5000, "first snapshot");
    expect(sse.last()).toMatchObject({ calls: [], ended: [] });
    // A second tab shares the process's one LISTEN connection.
    const second = await openSse(await viewerOf(f.tenant.id), f.tenant.slug);
    const sse2 = sseReader(second.res);
    await waitUntil(() => sse2.snapshots().length > 0, 5000, "second snapshot");
    const listeners = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'loris-live-view'`;
    expect(Number(listeners[0]!.n)).toBe(1);
    abort.abort();
    second.abort.abort();
    await Promise.all([sse.done, sse2.done]);
    expect((await openSse(null, f.tenant.slug)).res.status).toBe(401);
    expect((await openSse(await viewerOf(other.tenant.id), f.tenant.slug)).res.status).toBe(404);
  });

  it("shows a streaming call with its legs, levels and ordered events, then lets it leave with a link target; another tenant's call never appears", async () => {
    const f = await liveAudioTenant();
    const other = await liveAudioTenant();
    const { res, abort } = await openSse(await viewerOf(f.tenant.id), f.tenant.slug);
    const sse = sseReader(res);
    await waitUntil(() => sse.snapshots().length > 0, 5000, "first snapshot");

    const otherLeg = streamLeg(other, "900000000002");
    await otherLeg.waitForStatus("SRV_REQ_START_STREAMING");
    const agent = streamLeg(f, "900000000001");
    await agent.waitForStatus("SRV_REQ_START_STREAMING");
    const sending = Promise.all([sendAudio(agent, 0, 2500), sendAudio(otherLeg, 0, 1000)]);
    await waitUntil(() => (sse.last()?.calls.length ?? 0) === 1, 8000, "the call in the snapshot");
    await waitUntil(() => sse.last()?.calls[0]?.legs[0]?.state === "streaming", 8000, "streaming");
    expect(sse.last()!.calls[0]).toMatchObject({ five9CallId: "900000000001", campaign: "Sales", legs: [{ leg: "agent", state: "streaming" }] });
    await waitUntil(() => sse.events.some((e) => e.event === "levels" && Object.values(e.data as LiveViewLevels).some((l) => l.level > 0)), 8000, "a level above 0");
    await sending;

    // Events, delivered out of order, show in sequence order.
    const sub = await db().voiceStreamSubscription.findUniqueOrThrow({ where: { tenantId: f.tenant.id } });
    for (const [sequence, eventType] of [[2, "CALL_HOLD"], [1, "CALL_STARTED"]] as const) {
      const body = { eventId: `e-${sequence}`, eventType, timestamp: new Date().toISOString(), sequence, subscriptionId: "s", domainId: f.domainId, callVariables: { "Call.call_id": "900000000001", "Call.campaign_name": "Sales" } };
      const r = await eventPOST(new Request(`http://x/api/five9/events/${sub.eventKey}`, { method: "POST", body: JSON.stringify(body), headers: { "x-five9-trust-token": f.token } }), { params: Promise.resolve({ key: sub.eventKey }) });
      expect(r.status).toBe(204);
    }
    await waitUntil(() => (sse.last()?.calls[0]?.events.length ?? 0) === 2, 8000, "both events");
    expect(sse.last()!.calls[0]!.events.map((e) => e.eventType)).toEqual(["CALL_STARTED", "CALL_HOLD"]);

    agent.status("CLT_CALL_HOLD");
    await waitUntil(() => sse.last()?.calls[0]?.legs[0]?.state === "hold", 8000, "hold");

    agent.status("CLT_CALL_ENDED");
    agent.end();
    await waitUntil(() => (sse.last()?.calls.length ?? 1) === 0 && (sse.last()?.ended.length ?? 0) === 1, 10_000, "the call ended");
    const callRow = await db().call.findUniqueOrThrow({ where: { tenantId_five9CallId: { tenantId: f.tenant.id, five9CallId: "900000000001" } } });
    expect(sse.last()!.ended[0]).toMatchObject({ id: callRow.id, five9CallId: "900000000001" });
    // Never the other tenant's call.
    for (const s of sse.snapshots()) expect(JSON.stringify(s)).not.toContain("900000000002");
    otherLeg.status("CLT_CALL_ENDED");
    otherLeg.end();

    // Resume with the last id: the unchanged snapshot is not sent again.
    const lastId = sse.events.filter((e) => e.event === "snapshot").at(-1)!.id!;
    abort.abort();
    await sse.done;
    const again = await openSse(await viewerOf(f.tenant.id), f.tenant.slug, lastId);
    const resumed = sseReader(again.res);
    await new Promise((r) => setTimeout(r, 1500));
    expect(resumed.snapshots()).toEqual([]);
    again.abort.abort();
    await resumed.done;
  }, 40_000);
});

describe("Listen", () => {
  it("streams the leg's PCM from the live edge as it grows, and ends with the leg", async () => {
    const f = await liveAudioTenant();
    const userId = await viewerOf(f.tenant.id);
    const agent = streamLeg(f, "900000000011");
    await agent.waitForStatus("SRV_REQ_START_STREAMING");
    await sendAudio(agent, 0, 500);
    const call = await db().call.findUniqueOrThrow({ where: { tenantId_five9CallId: { tenantId: f.tenant.id, five9CallId: "900000000011" } } });
    const params = { slug: f.tenant.slug, callId: call.id, leg: "agent" };
    const res = await audioGET(await requestAs(userId, `http://x/api/tenants/${f.tenant.slug}/live/calls/${call.id}/agent/audio`), { params: Promise.resolve(params) });
    expect(res.status).toBe(200);
    expect(res.headers.get("x-audio-format")).toMatch(/LINEAR16LE; rate=8000/);
    const reader = res.body!.getReader();
    let received = 0;
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        received += value.length;
      }
    })();
    await sendAudio(agent, 500, 2000);
    await waitUntil(() => received >= 2000 * 16, 8000, "two seconds of audio");
    agent.status("CLT_CALL_ENDED");
    agent.end();
    await reading;
    expect(received % 2).toBe(0);

    // Bad leg, another tenant's call, a leg that ended.
    const bad = await audioGET(await requestAs(userId, "http://x"), { params: Promise.resolve({ ...params, leg: "both" }) });
    expect(bad.status).toBe(400);
    const stranger = await liveAudioTenant();
    const theirs = await audioGET(await requestAs(await viewerOf(stranger.tenant.id), "http://x"), { params: Promise.resolve({ ...params, slug: stranger.tenant.slug }) });
    expect(theirs.status).toBe(404);
    const ended = await audioGET(await requestAs(userId, "http://x"), { params: Promise.resolve(params) });
    expect(ended.status).toBe(409);
  }, 30_000);
});
