// Can the simulator stream 200 call legs in real time on one core without
// drifting? Streams real gRPC (127.0.0.1 only) to a minimal subscriber in a
// child process, at clock speed 1, and prints how late each audio chunk was
// written compared with its schedule (the instant its last 20 ms frame was
// complete), for one call (2 legs, the baseline) and for 100 calls (200 legs)
// measured in the same run, plus the ratio. Prints; asserts nothing.
//   npx tsx bench/voicestream-legs.ts
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { ControllableClock } from "../sim/world/clock";
import { renderLegPcm } from "../sim/world/audio";
import { FakeFeed, makeCall } from "../sim/voicestream/test-fakes";
import { startTestReceiver } from "../sim/voicestream/test-receiver";
import { startVoiceStream } from "../sim/voicestream/voicestream";
import type { AudioSentInfo } from "../sim/voicestream/leg-streamer";

const TOKEN = "bench-trust-token-000";
const DOMAIN = "1001";

interface Phase {
  name: string;
  calls: number;
  measureMs: number;
}

const PHASES: Phase[] = [
  { name: "baseline: 1 call, 2 legs", calls: 1, measureMs: 4_000 },
  { name: "load: 100 calls, 200 legs", calls: 100, measureMs: 10_000 },
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const fmt = (n: number) => n.toFixed(2).padStart(7);

/** The subscriber, in its own process so its decoding does not share the simulator's core. */
async function runReceiver(): Promise<void> {
  let audioMessages = 0;
  let lateSum = 0;
  const receiver = await startTestReceiver({
    trustToken: TOKEN,
    keepAudio: false,
    onAudio: (_stream, message) => {
      audioMessages++;
      lateSum += performance.timeOrigin + message.arrivedAt - message.sendTimeMs!;
    },
  });
  process.send!({ grpcEndpoint: receiver.grpcEndpoint, eventUrl: receiver.eventUrl });
  process.on("message", (msg: { type: string }) => {
    if (msg.type === "report") process.send!({ audioMessages, streams: receiver.streams.length, meanArrivalAfterFirstSampleMs: lateSum / Math.max(1, audioMessages) });
    if (msg.type === "exit") void receiver.close().then(() => process.exit(0));
  });
}

async function runBenchmark(): Promise<void> {
  const child = fork(fileURLToPath(import.meta.url), ["--receiver"], { execArgv: process.execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const endpoints = await new Promise<{ grpcEndpoint: string; eventUrl: string }>((resolve) => child.once("message", resolve as (m: unknown) => void));
  const ask = <T>(type: string) =>
    new Promise<T>((resolve) => {
      child.once("message", resolve as (m: unknown) => void);
      child.send({ type });
    });

  const clock = new ControllableClock({ speed: 1 });
  const feed = new FakeFeed();
  let samples: number[] = [];
  let chunks = 0;
  let mergedChunks = 0;
  let measuring = { from: Infinity, to: -Infinity };
  const onAudioSent = (info: AudioSentInfo) => {
    if (info.dueSim < measuring.from || info.dueSim >= measuring.to) return;
    samples.push(info.sentSim - info.dueSim);
    chunks++;
    if (info.bytes > 320) mergedChunks++;
  };
  const vs = startVoiceStream({ feed, clock, renderLegPcm, onAudioSent });
  const sub = await vs.subscriptions.create(DOMAIN, { name: "bench", grpcEndpoint: endpoints.grpcEndpoint, eventUrl: endpoints.eventUrl, trustToken: TOKEN });
  if (sub.status !== "active") throw new Error(`subscription not active: ${sub.failureReason}`);

  const results: { phase: Phase; p50: number; p99: number; max: number; within5: number; cpu: number; chunks: number; merged: number }[] = [];
  for (const phase of PHASES) {
    samples = [];
    chunks = 0;
    mergedChunks = 0;
    const t0 = clock.now();
    // Streams take a moment to open and get START; measure from 1 s in, for measureMs.
    measuring = { from: t0 + 1_000, to: t0 + 1_000 + phase.measureMs };
    for (let i = 0; i < phase.calls; i++) {
      // Start times spread over one frame so legs have different phases, as real calls do.
      const startedAt = new Date(t0 + (i * 20) / phase.calls);
      feed.start(makeCall({ domainId: DOMAIN, startedAt, durationSec: Math.ceil((phase.measureMs + 2_000) / 1000), holds: 0, transfers: 0 }));
    }
    const cpuBefore = process.cpuUsage();
    const wallBefore = performance.now();
    await new Promise((r) => setTimeout(r, 1_000 + phase.measureMs + 500));
    const cpu = process.cpuUsage(cpuBefore);
    const cpuShare = (cpu.user + cpu.system) / 1000 / (performance.now() - wallBefore);
    const sorted = [...samples].sort((a, b) => a - b);
    results.push({
      phase,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? NaN,
      within5: sorted.filter((x) => x <= 5).length / Math.max(1, sorted.length),
      cpu: cpuShare,
      chunks,
      merged: mergedChunks,
    });
    // Let the calls end before the next phase.
    await new Promise((r) => setTimeout(r, 1_500));
  }
  const received = await ask<{ audioMessages: number; streams: number; meanArrivalAfterFirstSampleMs: number }>("report");
  await vs.stop();
  clock.close();
  child.send({ type: "exit" });

  console.log("VoiceStream legs benchmark (clock speed 1, 127.0.0.1, receiver in a child process)");
  console.log("lateness = write time - instant the chunk's last frame was complete, ms (1 ms resolution: the simulator clock reads Date.now())\n");
  console.log("phase                          chunks   merged     p50     p99     max  ≤5ms   sim CPU");
  for (const r of results) {
    console.log(
      `${r.phase.name.padEnd(30)} ${String(r.chunks).padStart(6)} ${String(r.merged).padStart(8)} ${fmt(r.p50)} ${fmt(r.p99)} ${fmt(r.max)} ${(r.within5 * 100).toFixed(1).padStart(5)}% ${(r.cpu * 100).toFixed(0).padStart(6)}%`,
    );
  }
  const [base, load] = results;
  console.log(`\nratio load/baseline: p50 ${(load!.p50 / Math.max(base!.p50, 0.01)).toFixed(2)}x, p99 ${(load!.p99 / Math.max(base!.p99, 0.01)).toFixed(2)}x`);
  console.log(`expected chunks under load ≈ ${(200 * load!.phase.measureMs) / 20} (200 legs × ${load!.phase.measureMs / 20} frames)`);
  console.log(`receiver: ${received.streams} streams, ${received.audioMessages} audio messages, mean arrival ${received.meanArrivalAfterFirstSampleMs.toFixed(1)} ms after the chunk's first sample (20 ms = one frame of capture)`);
}

if (process.argv.includes("--receiver")) void runReceiver();
else
  void runBenchmark().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
