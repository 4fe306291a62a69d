// How does the VoiceStream receiver (lib/realtime) hold up? Load comes from a
// child process (Five9's side); the receiver runs here, on a real Postgres
// (bench database), the fs blob store in a temp folder and the in-process bus.
//  1. Throughput at max rate: legs × frames sent as fast as the client can,
//     receiver vs a raw @grpc/grpc-js no-op sink receiving the same frames, same run → ratio.
//  2. Real-time legs (20 ms frames): for N legs, p99 receive→published (bus
//     subscriber sees the message), p99 receive→durable (the fsync that
//     covered the write), frames lost (bytes stored vs sent), receiver CPU and
//     RSS; N grows until p99 published > 20 ms or a frame is lost.
// Prints; asserts nothing.   npx tsx bench/voicestream-receiver.ts [maxLegs=1000]
import { fork } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import { loadVoiceProto } from "../proto/voice-proto";
import { FsBlobStore } from "../lib/blob/fs-blob-store";
import type { AppendHandle, AppendOptions } from "../lib/blob/blob-store";
import { db } from "../lib/db";
import { InProcessBus } from "../lib/realtime/bus";
import { startReceiver } from "../lib/realtime/receiver-server";
import { openLeg, waitUntil } from "../test/support/voicestream-client";
import { withBenchDatabase } from "./bench-database";

const MAX_LEGS = Number(process.argv[2] ?? 1000);
const FRAME = Buffer.alloc(320, 7);
const T0 = Date.parse("2026-12-01T12:00:00Z");

interface LoadOrder {
  kind: "burst" | "paced";
  target: string;
  legs: number;
  frames: number;
  prefix: string;
  token: string;
  domainId: string;
}

// ── the load generator (child process) ────────────────────────────────────
async function runLoad(order: LoadOrder): Promise<void> {
  const d = (i: number) => ({ token: order.token, domainId: order.domainId, subscriptionId: "bench", callId: `${order.prefix}-${i}`, campaign: "Sales" });
  if (order.target.startsWith("sink:")) {
    // The no-op sink takes no config handshake: write frames straight away.
    const { Voice } = loadVoiceProto();
    const client = new Voice(order.target.slice(5), grpc.credentials.createInsecure());
    await Promise.all(
      Array.from({ length: order.legs }, async () => {
        const s = client.StreamingVoice();
        s.on("data", () => undefined);
        s.on("error", () => undefined);
        for (let f = 0; f < order.frames; f++) if (!s.write({ audio_content: FRAME, send_time: { seconds: String(Math.floor((T0 + f * 20) / 1000)), nanos: ((f * 20) % 1000) * 1e6 } })) await new Promise((r) => s.once("drain", r));
        s.end();
        await new Promise((r) => s.on("status", r));
      }),
    );
    return;
  }
  const legs = Array.from({ length: order.legs }, (_, i) => openLeg(order.target, d(i)));
  for (const l of legs) l.config();
  await Promise.all(legs.map((l) => l.waitForStatus("SRV_REQ_START_STREAMING", 30_000)));
  process.send?.({ started: true });
  if (order.kind === "burst") {
    for (let f = 0; f < order.frames; f++) for (const l of legs) l.audio(FRAME, T0 + f * 20);
  } else {
    const start = performance.now();
    for (let f = 0; f < order.frames; f++) {
      const due = start + f * 20;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      for (const l of legs) l.audio(FRAME, T0 + f * 20);
    }
  }
  for (const l of legs) {
    l.status("CLT_CALL_ENDED");
    l.end();
  }
  await Promise.all(legs.map((l) => l.closed));
}

if (process.argv[2] === "--load") {
  process.on("message", (order: LoadOrder) => {
    void runLoad(order).then(
      () => process.send!({ done: true }, () => process.exit(0)),
      (error: unknown) => process.send!({ error: String(error) }, () => process.exit(1)),
    );
  });
} else {
  void main();
}

function load(order: LoadOrder, onStarted?: () => void): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ["--load"], { execArgv: ["--import", "tsx"] });
  child.send(order);
  return new Promise((resolve, reject) =>
    child.on("message", (m: { done?: boolean; started?: boolean; error?: string }) => {
      if (m.started) onStarted?.();
      else if (m.done) resolve();
      else reject(new Error(m.error));
    }),
  );
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! : NaN;
};

/** An fs store that records, for each write, when the fsync covering it finished. */
class TimedStore extends FsBlobStore {
  durable: number[] = [];
  override async openAppend(key: string, options?: AppendOptions): Promise<AppendHandle> {
    const h = await super.openAppend(key, options);
    let pending: number[] = [];
    const write = h.write.bind(h);
    const flush = h.flush.bind(h);
    h.write = async (data, position) => {
      await write(data, position);
      pending.push(performance.now());
    };
    h.flush = async () => {
      const covered = pending;
      pending = [];
      await flush();
      const now = performance.now();
      for (const t of covered) this.durable.push(now - t);
    };
    return h;
  }
}

async function main() {
  await withBenchDatabase("voicestream", async () => {
    const domainId = "990001";
    const token = randomBytes(24).toString("base64url");
    const tenant = await db().tenant.create({ data: { slug: "bench-live", name: "Bench", five9DomainId: domainId, status: "installed" } });
    await db().install.create({ data: { tenantId: tenant.id, campaigns: ["Sales"], dataKinds: ["live_audio"], completedAt: new Date() } });
    await db().voiceStreamSubscription.create({ data: { tenantId: tenant.id, eventKey: randomBytes(16).toString("hex"), trustTokenHash: createHash("sha256").update(token).digest("hex") } });
    const dir = await mkdtemp(path.join(tmpdir(), "vs-bench-"));
    const store = new TimedStore(dir);
    const bus = new InProcessBus();
    const published: number[] = [];
    let audioMessages = 0;
    await bus.subscribe("loris.live.>", (_s, m) => {
      if (m.type !== "audio") return;
      audioMessages++;
      published.push(Date.now() - m.receivedAt);
    });
    const big = 256 * 1024 * 1024;
    const receiver = await startReceiver({ port: 0, host: "127.0.0.1", store, bus, maxStreams: 20_000, session: { highWaterBytes: big, lowWaterBytes: big / 2, maxQueuedBytes: big * 2 } });
    const target = `127.0.0.1:${receiver.port}`;

    // A raw no-op sink: decode and count, nothing else.
    let sinkFrames = 0;
    const sink = new grpc.Server();
    sink.addService(loadVoiceProto().service, {
      StreamingVoice(call: grpc.ServerDuplexStream<unknown, unknown>) {
        call.on("data", () => sinkFrames++);
        call.on("end", () => call.end());
      },
    });
    const sinkPort = await new Promise<number>((resolve, reject) => sink.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));

    console.log("1. Throughput at max rate (100 legs × 1000 frames of 20 ms, burst):");
    const legs = 100;
    const frames = 1000;
    let t = performance.now();
    await load({ kind: "burst", target: `sink:127.0.0.1:${sinkPort}`, legs, frames, prefix: "sink", token, domainId });
    const sinkMs = performance.now() - t;
    const before = audioMessages;
    t = performance.now();
    await load({ kind: "burst", target, legs, frames, prefix: "burst", token, domainId }, () => (t = performance.now()));
    await waitUntil(() => audioMessages - before >= legs * frames, 60_000, "all frames published");
    const receiverMs = performance.now() - t;
    const sinkRate = (legs * frames) / (sinkMs / 1000);
    const recvRate = (legs * frames) / (receiverMs / 1000);
    console.log(`   no-op sink ${sinkRate.toFixed(0)} frames/s (${sinkFrames} frames), receiver ${recvRate.toFixed(0)} frames/s → ratio ${(recvRate / sinkRate).toFixed(2)} (timed from the last START; storage watermarks raised so the receiver never pauses)`);

    // Real time with the product's defaults (512 KiB per leg before PAUSE): storage falling behind shows as lost frames.
    await receiver.stop();
    const rt = await startReceiver({ port: 0, host: "127.0.0.1", store, bus, maxStreams: 20_000 });
    const rtTarget = `127.0.0.1:${rt.port}`;
    console.log("\n2. Real-time legs (20 ms frames, 5 s), receiver in this process, load from a child:");
    console.log("   legs | frames/s | p99 recv→published ms | p99 recv→durable ms | lost frames | receiver CPU % | RSS MB");
    for (const n of [100, 250, 500, 1000, 1500, 2000].filter((x) => x <= MAX_LEGS)) {
      published.length = 0;
      store.durable.length = 0;
      const prefix = `rt${n}`;
      const cpu = process.cpuUsage();
      const wall = performance.now();
      await load({ kind: "paced", target: rtTarget, legs: n, frames: 250, prefix, token, domainId });
      await rt.idle();
      const used = process.cpuUsage(cpu);
      const cpuPct = ((used.user + used.system) / 1000 / (performance.now() - wall)) * 100;
      const stored = await db().streamSession.aggregate({ where: { call: { five9CallId: { startsWith: `${prefix}-` } } }, _sum: { bytes: true } });
      const lost = n * 250 - Number(stored._sum.bytes ?? 0n) / 320;
      const p99p = pct(published, 99);
      const p99d = pct(store.durable, 99);
      console.log(`   ${String(n).padStart(4)} | ${String(n * 50).padStart(8)} | ${p99p.toFixed(1).padStart(21)} | ${p99d.toFixed(0).padStart(19)} | ${String(lost).padStart(11)} | ${cpuPct.toFixed(0).padStart(14)} | ${(process.memoryUsage().rss / 1e6).toFixed(0).padStart(6)}`);
      if (p99p > 20 || lost > 0) {
        console.log(`   breaks at ${n} legs on this machine`);
        break;
      }
    }
    sink.forceShutdown();
    await rt.stop();
    await rm(dir, { recursive: true, force: true });
  });
  process.exit(0);
}
