// Bad input against the real receiver over real gRPC (issue 13): oversized
// messages, unknown enum values, streams that never send a config or go
// silent, and thousands of half-open connections — each answered with a clear
// status, nothing stored for a refused stream, and a normal leg meanwhile is
// stored. (Malformed protobuf, a second config and audio after CALL_ENDED:
// receiver.test.ts.)
import { mkdtemp, rm } from "node:fs/promises";
import http2 from "node:http2";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { status } from "@grpc/grpc-js";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeVoiceClients, openLeg, rampPcm, waitUntil, type LegClient, type LegDefaults } from "../../test/support/voicestream-client";
import { liveAudioTenant } from "../../test/support/voicestream-tenant";
import { FsBlobStore } from "../blob/fs-blob-store";
import { db } from "../db";
import { InProcessBus } from "./bus";
import { MAX_RECEIVE_MESSAGE_BYTES, startReceiver, type Receiver } from "./receiver-server";

const CONFIG_TIMEOUT_MS = 600;
const IDLE_TIMEOUT_MS = 800;
const CONNECTION_IDLE_MS = 3000;

let dir: string;
let log: pino.Logger;
let receiver: Receiver;
let target: string;
let fixture: Awaited<ReturnType<typeof liveAudioTenant>>;
let n = 0;
const logLines: Record<string, unknown>[] = [];
const T0 = Date.parse("2026-12-02T09:00:00.000Z");

const leg = (overrides: Partial<LegDefaults> = {}): LegDefaults => ({ token: fixture.token, domainId: fixture.domainId, subscriptionId: fixture.subscriptionId, callId: `bad-${process.pid}-${++n}`, campaign: "Sales", ...overrides });
const rowsFor = (five9CallId: string) => db().streamSession.findMany({ where: { call: { five9CallId } }, orderBy: { segment: "asc" } });
const callsFor = (five9CallId: string) => db().call.count({ where: { five9CallId } });

/** A leg that streams `ms` of audio, ends the call and must be stored whole. */
async function healthyLeg(d: LegDefaults, ms: number, at = target): Promise<LegClient> {
  const l = openLeg(at, d);
  l.config();
  await l.waitForStatus("SRV_REQ_START_STREAMING");
  l.audio(rampPcm(0, ms), T0);
  return l;
}
async function endAndCheckStored(l: LegClient, d: LegDefaults, ms: number): Promise<void> {
  l.status("CLT_CALL_ENDED");
  l.end();
  expect((await l.closed).code).toBe(status.OK);
  const [row] = await rowsFor(d.callId);
  expect(row).toMatchObject({ endStatus: "call_ended" });
  expect(Number(row!.bytes)).toBe(ms * 16);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "vs-bad-"));
  fixture = await liveAudioTenant();
  log = pino({ level: "info" }, new Writable({ write(chunk: Buffer, _e, done) { logLines.push(JSON.parse(chunk.toString()) as Record<string, unknown>); done(); } }));
  receiver = await startReceiver({
    port: 0, host: "127.0.0.1", store: new FsBlobStore(dir), bus: new InProcessBus(), maxStreams: 100, finaliseAfterMs: 60_000, sweepIntervalMs: 60_000, log,
    session: { configTimeoutMs: CONFIG_TIMEOUT_MS, holdKeepaliveMs: 150, syncIntervalMs: 100 },
    serverOptions: { "grpc.max_connection_idle_ms": CONNECTION_IDLE_MS },
  });
  target = `127.0.0.1:${receiver.port}`;
});

afterAll(async () => {
  closeVoiceClients();
  await receiver.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("VoiceStream receiver, bad input", () => {
  it("ends a message over the receive limit with RESOURCE_EXHAUSTED: nothing stored for an oversized config, what a leg stored before stays, other streams carry on", async () => {
    const d = leg();
    const healthy = await healthyLeg(d, 100);

    const big = leg();
    const bigConfig = openLeg(target, big);
    bigConfig.config({ agent_id: "x".repeat(MAX_RECEIVE_MESSAGE_BYTES + 1) });
    const bigConfigEnd = await bigConfig.closed;
    expect(bigConfigEnd.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(bigConfigEnd.details).toMatch(/larger than max/i);
    expect(await callsFor(big.callId)).toBe(0);

    const streaming = leg();
    const bigAudio = await healthyLeg(streaming, 60);
    await waitUntil(async () => Number((await rowsFor(streaming.callId))[0]?.bytes ?? 0) === 60 * 16, 3000, "first audio saved");
    bigAudio.audio(Buffer.alloc(MAX_RECEIVE_MESSAGE_BYTES + 2), T0 + 60); // 4 s of audio in one message
    expect((await bigAudio.closed).code).toBe(status.RESOURCE_EXHAUSTED);
    await waitUntil(async () => (await rowsFor(streaming.callId))[0]?.endStatus === "cut", 3000, "segment closed as cut");
    expect(Number((await rowsFor(streaming.callId))[0]!.bytes)).toBe(60 * 16);

    // Exactly at 4 s less the message's own framing, audio is taken.
    healthy.audio(rampPcm(100, 4000 - 1), T0 + 100);
    await endAndCheckStored(healthy, d, 100 + 3999);
  });

  it("answers unknown enum values as the protocol says: call_leg 7 and an unknown encoding refused with INVALID_ARGUMENT, an unknown status code logged and ignored", async () => {
    const leg7 = leg();
    const badLeg = openLeg(target, leg7);
    badLeg.config({ call_leg: 7 as never });
    const badLegEnd = await badLeg.closed;
    expect(badLegEnd.code).toBe(status.INVALID_ARGUMENT);
    expect(badLegEnd.details).toContain("call_leg must be AGENT, CUSTOMER or SUPERVISOR");
    expect(badLeg.statuses()).toEqual(["SRV_ERROR_GENERIC"]);
    expect(await callsFor(leg7.callId)).toBe(0);

    const enc = leg();
    const badEncoding = openLeg(target, enc);
    badEncoding.config({ voice_config: { encoding: 9 as never, sample_rate_hertz: 8000 } });
    const badEncodingEnd = await badEncoding.closed;
    expect(badEncodingEnd).toMatchObject({ code: status.INVALID_ARGUMENT, details: "unsupported audio: 9 at 8000 Hz; only LINEAR16 at 8000 Hz is accepted" });
    expect(badEncoding.responses[0]?.feedback?.voice_config).toMatchObject({ encoding: "LINEAR16", sample_rate_hertz: 8000 });
    expect(await callsFor(enc.callId)).toBe(0);

    const d = leg();
    const l = await healthyLeg(d, 40);
    l.status(5 as never, "a client code from the future");
    l.status(2001 as never, "Google's disconnect, not in the proto");
    l.audio(rampPcm(40, 40), T0 + 40);
    await waitUntil(() => logLines.filter((line) => line.msg === "unknown VoiceStream status code ignored" && line.callId === d.callId).length === 2, 3000, "two unknown codes logged");
    expect(logLines.filter((line) => line.msg === "unknown VoiceStream status code ignored" && line.callId === d.callId).map((line) => [line.code, line.message])).toEqual([
      [5, "a client code from the future"],
      [2001, "Google's disconnect, not in the proto"],
    ]);
    await endAndCheckStored(l, d, 80);
  });

  it("ends a stream that never sends a config (DEADLINE_EXCEEDED, nothing stored) and a streaming leg silent without hold or pause (DEADLINE_EXCEEDED, what was stored stays); a held leg stays", async () => {
    // A receiver of its own with a short idle timeout (the shared one keeps the 60 s default).
    const quick = await startReceiver({
      port: 0, host: "127.0.0.1", store: new FsBlobStore(dir), bus: new InProcessBus(), maxStreams: 10, finaliseAfterMs: 60_000, sweepIntervalMs: 60_000, log,
      session: { configTimeoutMs: CONFIG_TIMEOUT_MS, idleTimeoutMs: IDLE_TIMEOUT_MS, holdKeepaliveMs: 150, syncIntervalMs: 100 },
    });
    const at = `127.0.0.1:${quick.port}`;
    const before = await db().streamSession.count();
    const mute = openLeg(at, leg());
    expect(await mute.closed).toEqual({ code: status.DEADLINE_EXCEEDED, details: `no streaming_config within ${CONFIG_TIMEOUT_MS} ms` });
    expect(mute.statuses()).toEqual(["SRV_ERROR_TIMEOUT"]);

    const held = leg();
    const heldLeg = await healthyLeg(held, 40, at);
    heldLeg.status("CLT_CALL_HOLD");

    const quiet = leg();
    const quietLeg = await healthyLeg(quiet, 100, at);
    const quietEnd = await quietLeg.closed;
    expect(quietEnd).toEqual({ code: status.DEADLINE_EXCEEDED, details: `no message for ${IDLE_TIMEOUT_MS} ms while streaming (not on hold, not paused)` });
    expect(quietLeg.statuses()).toEqual(["SRV_REQ_START_STREAMING", "SRV_ERROR_TIMEOUT"]);
    await waitUntil(async () => (await rowsFor(quiet.callId))[0]?.endStatus === "idle_timeout", 3000, "idle_timeout saved");
    expect(Number((await rowsFor(quiet.callId))[0]!.bytes)).toBe(100 * 16);
    expect(await db().streamSession.count()).toBe(before + 2); // the held and the quiet leg; the mute stream stored nothing

    // Held for one and a half idle timeouts (keepalives every 150 ms), still open; resumes and ends cleanly.
    await waitUntil(() => heldLeg.responses.filter((r) => r.status?.message === "keepalive").length >= Math.ceil((1.5 * IDLE_TIMEOUT_MS) / 150), 8000, "keepalives through the hold");
    heldLeg.status("CLT_CALL_RESUME");
    heldLeg.audio(rampPcm(40, 40), T0 + 40);
    await endAndCheckStored(heldLeg, held, 80);
    await quick.stop();
  });

  it("survives 2,000 half-open connections: memory stays bounded, a normal leg meanwhile is stored, the server closes them all", async () => {
    const PREFACE = Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
    const rssBefore = process.memoryUsage().rss;
    const closed: Promise<void>[] = [];
    let open = 0;
    let peakOpen = 0;
    const opened = () => (peakOpen = Math.max(peakOpen, ++open));
    // In batches of 200, each accepted by the server (its SETTINGS frame arrives) before the next: one
    // process opening 2,000 at once overflows the kernel's accept queue, which is not what is tested here.
    for (let batch = 0; batch < 10; batch++) {
      const accepted: Promise<void>[] = [];
      for (let i = batch * 200; i < (batch + 1) * 200; i++) {
        if (i % 10 === 9) {
          // An HTTP/2 session (preface + SETTINGS) that never opens a stream.
          const session = http2.connect(`http://${target}`);
          session.on("error", () => undefined);
          accepted.push(new Promise((resolve) => session.once("remoteSettings", () => resolve()).once("close", () => resolve())));
          closed.push(new Promise((resolve) => session.on("close", () => resolve())));
        } else {
          // Raw TCP: half send nothing, half the HTTP/2 client preface and then stall.
          const socket = net.connect(receiver.port, "127.0.0.1");
          socket.on("error", () => undefined);
          if (i % 2) socket.on("connect", () => socket.write(PREFACE));
          accepted.push(new Promise((resolve) => socket.once("data", () => resolve()).once("close", () => resolve())));
          socket.on("data", () => undefined);
          closed.push(new Promise((resolve) => socket.on("close", () => resolve())));
        }
        opened();
        void closed.at(-1)!.then(() => open--);
      }
      await Promise.all(accepted);
    }

    const d = leg();
    const l = await healthyLeg(d, 200);
    const rssUnderLoad = process.memoryUsage().rss;
    await endAndCheckStored(l, d, 200);

    // Every connection is closed by the server (no stream for CONNECTION_IDLE_MS): none is left to the client.
    await Promise.all(closed);
    const rssAfter = process.memoryUsage().rss;
    const mib = (b: number) => (b / 2 ** 20).toFixed(0);
    console.log(`half-open: 2000 connections (${peakOpen} open at once), RSS ${mib(rssBefore)} → ${mib(rssUnderLoad)} MiB under load → ${mib(rssAfter)} MiB after all closed`);
    // Client and server ends live in this one process: 2,000 connections cost well under 256 MiB all told.
    expect(rssUnderLoad - rssBefore).toBeLessThan(256 * 2 ** 20);
    expect(receiver.activeStreams()).toBe(0);
  }, 20_000);
});
