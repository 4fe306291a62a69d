// Recording download throughput and memory: the connector's downloadRecording
// (Supervisor session, hashing, WAV header check, blob store on disk) against a
// plain fetch GET of the same files drained to nowhere, from the same simulator
// in the same run. The simulator runs in a child process so it has its own
// core (it renders WAV audio on the fly, which is what bounds both phases).
// Prints the throughput ratio (target ≥ 0.8) and the peak resident set of this
// process during each phase (target < 300 MB), sampled every 25 ms.
//   npx tsx bench/recording-download.ts [--total-mb 512 | --total-gb 2] [--concurrency 4]
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { SimClient } from "../sim/client";
import { startSimulator } from "../sim/server";
import { FsBlobStore } from "../lib/blob/fs-blob-store";
import { setProcessEnv } from "../lib/env";
import { downloadRecording } from "../lib/ingest/recordings/download-recording";
import { listRecordings, type RecordingItem } from "../lib/ingest/recordings/list-recordings";
import { SupervisorClient } from "../lib/ingest/recordings/supervisor-client";

const NOW = Date.parse("2026-11-21T00:00:00Z");
const WINDOW = { from: new Date("2026-11-19T00:00:00Z"), to: new Date("2026-11-20T00:00:00Z") };
const MB = 1024 * 1024;
/** Average recording: ~472 s × 8 kHz × 16 bit × 1.5 channels ≈ 11 MB; be generous when creating calls. */
const CREATE_PER_MB = 1 / 6;

async function runSimulator(): Promise<void> {
  const sim = await startSimulator({ seed: 21, clock: { start: NOW, speed: 0 } });
  process.send!({ baseUrl: sim.baseUrl, dataCenterUrl: sim.dataCenterUrl });
  process.on("message", (msg: { type: string }) => {
    if (msg.type === "exit") void sim.close().then(() => process.exit(0));
  });
}

interface Phase {
  name: string;
  bytes: number;
  ms: number;
  peakRssMb: number;
}

async function measure(name: string, run: () => Promise<number>): Promise<Phase> {
  global.gc?.();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
  const started = performance.now();
  const bytes = await run();
  const ms = performance.now() - started;
  clearInterval(sampler);
  return { name, bytes, ms, peakRssMb: Math.max(peak, process.memoryUsage().rss) / MB };
}

/** Runs `work` over `items` with at most `concurrency` at once; sums what each returns. */
async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<number>): Promise<number> {
  let next = 0;
  let total = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        // Not `total += await …`: that reads total before the await and loses the other workers' sums.
        const bytes = await work(items[next++]!);
        total += bytes;
      }
    }),
  );
  return total;
}

/**
 * fetch with a retry when the request fails before any answer: the server may
 * close an idle keep-alive socket just as the pool reuses it (ECONNRESET), which
 * any real client retries. downloadRecording retries the same way.
 */
async function plainGet(url: string, headers: Record<string, string>): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, { headers });
    } catch (error) {
      if (attempt >= 3) throw error;
      plainRetries++;
    }
  }
}
let plainRetries = 0;

async function runBenchmark(): Promise<void> {
  const { values } = parseArgs({ options: { "total-mb": { type: "string" }, "total-gb": { type: "string" }, concurrency: { type: "string", default: "4" } } });
  const targetMb = values["total-gb"] ? Number(values["total-gb"]) * 1024 : Number(values["total-mb"] ?? 512);
  const concurrency = Number(values.concurrency);
  if (!(targetMb > 0) || !(concurrency >= 1)) throw new Error("--total-mb/--total-gb and --concurrency must be positive numbers");

  const child = fork(fileURLToPath(import.meta.url), ["--sim"], { execArgv: process.execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const urls = await new Promise<{ baseUrl: string; dataCenterUrl: string }>((resolve) => child.once("message", resolve as (m: unknown) => void));
  setProcessEnv({ FIVE9_BASE_URL: urls.baseUrl, LOG_LEVEL: "silent" });
  const control = new SimClient(urls.baseUrl);
  const root = mkdtempSync(path.join(os.tmpdir(), "loris-bench-blobs-"));
  try {
    const domain = await control.createDomain({ name: "Bench" });
    const supervisor = domain.users.find((u) => u.role === "supervisor")!;
    await control.createCalls(domain.domainId, { count: Math.ceil(targetMb * CREATE_PER_MB) + 10, ...WINDOW });
    const client = new SupervisorClient({ region: "us", credentials: { username: supervisor.username, password: supervisor.password } });
    const listing = await listRecordings({ client, ...WINDOW });
    const chosen: RecordingItem[] = [];
    let planned = 0;
    for (const item of listing.items) {
      if (planned >= targetMb * MB) break;
      chosen.push(item);
      planned += item.sizeBytes!;
    }
    console.log(`Recording download benchmark: ${chosen.length} recordings, ${(planned / MB).toFixed(0)} MB, concurrency ${concurrency}, simulator in a child process`);

    const session = await client.current();
    const headers = { authorization: `Bearer-${session.tokenId}`, farmId: session.farmId };
    const plain = await measure("plain fetch GET → discard", () =>
      pool(chosen, concurrency, async (item) => {
        const response = await plainGet(`${session.apiBase}${item.recordingPath}`, headers);
        if (response.status !== 200) throw new Error(`plain GET ${item.callId}: ${response.status}`);
        let bytes = 0;
        const reader = response.body!.getReader();
        for (let r = await reader.read(); !r.done; r = await reader.read()) bytes += r.value.length;
        return bytes;
      }),
    );
    const store = new FsBlobStore(root);
    const ours = await measure("downloadRecording → fs store", () =>
      pool(chosen, concurrency, async (item) => (await downloadRecording({ client, recording: item, store, tenantId: "bench" })).bytes),
    );
    if (plain.bytes !== planned || ours.bytes !== planned) throw new Error(`byte counts differ: planned ${planned}, plain ${plain.bytes}, ours ${ours.bytes}`);

    console.log("\nphase                            MB      s     MB/s   peak RSS MB");
    for (const p of [plain, ours]) {
      console.log(`${p.name.padEnd(30)} ${(p.bytes / MB).toFixed(0).padStart(6)} ${(p.ms / 1000).toFixed(1).padStart(6)} ${(p.bytes / MB / (p.ms / 1000)).toFixed(1).padStart(8)} ${p.peakRssMb.toFixed(0).padStart(13)}`);
    }
    const ratio = ours.bytes / ours.ms / (plain.bytes / plain.ms);
    const rssOk = ours.peakRssMb < 300;
    if (plainRetries) console.log(`(plain GET retried ${plainRetries} request(s) refused on a reused connection)`);
    console.log(`\nthroughput ratio ours/plain: ${ratio.toFixed(3)} (target ≥ 0.8) ${ratio >= 0.8 ? "OK" : "BELOW TARGET"}`);
    console.log(`peak RSS while downloading: ${ours.peakRssMb.toFixed(0)} MB (target < 300 MB) ${rssOk ? "OK" : "ABOVE TARGET"}`);
    if (ratio < 0.8 || !rssOk) process.exitCode = 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
    child.send({ type: "exit" });
  }
}

if (process.argv.includes("--sim")) void runSimulator();
else
  void runBenchmark().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
