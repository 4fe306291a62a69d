// How fast is the legacy import (lib/bridge: list, remember, read stable
// files through sha256 into the blob store, check, dedupe, match) next to a
// plain download of the same files over the same protocol, in the same run?
// The simulator's export serves N recordings (FTP and SFTP, in-process); the
// plain run lists the day folders and downloads every file into a hash. The
// import runs two polls (the first only remembers: a file is read once its
// size held still), and the second — the reads — is what is compared.
// The box is shared: each protocol runs ROUNDS rounds (plain, then import on a
// fresh tenant), and the ratio is of the medians.
// Prints; asserts nothing.   npx tsx bench/legacy-import.ts [N=200] [seconds per call=30] [rounds=3] [protocols=ftp,sftp]
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { ControllableClock } from "../sim/world/clock";
import { FakeFeed, makeCall } from "../sim/voicestream/test-fakes";
import { startLegacyExport } from "../sim/legacy/server";
import { FsBlobStore } from "../lib/blob/fs-blob-store";
import { contextFor } from "../lib/crypto/sealed-fields";
import { sealSecret } from "../lib/crypto/secrets";
import { db } from "../lib/db";
import { connectExport, type ExportLogin } from "../lib/bridge/export-client";
import { pollLegacyExport } from "../lib/bridge/legacy-import";
import { withBenchDatabase } from "./bench-database";

const N = Number(process.argv[2] ?? 200);
const SECONDS = Number(process.argv[3] ?? 30);
const ROUNDS = Number(process.argv[4] ?? 3);
const PROTOCOLS = (process.argv[5] ?? "ftp,sftp").split(",") as ("ftp" | "sftp")[];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
const DAY = Date.parse("2026-03-10T08:00:00Z");

async function plainDownload(login: ExportLogin): Promise<{ files: number; bytes: number; ms: number }> {
  const started = performance.now();
  const client = await connectExport(login);
  let files = 0;
  let bytes = 0;
  try {
    const campaigns: string[] = [];
    await client.listDir("/", async (e) => void campaigns.push(...e.filter((x) => x.kind === "dir").map((x) => x.name)));
    for (const campaign of campaigns) {
      const days: string[] = [];
      await client.listDir(`/${campaign}`, async (e) => void days.push(...e.filter((x) => x.kind === "dir").map((x) => x.name)));
      for (const day of days) {
        const names: string[] = [];
        await client.listDir(`/${campaign}/${day}`, async (e) => void names.push(...e.filter((x) => x.kind === "file").map((x) => x.name)));
        for (const name of names) {
          const hash = createHash("sha256");
          const sink = new Writable({ write: (chunk: Buffer, _e, done) => (hash.update(chunk), (bytes += chunk.length), done()) });
          await client.download(`/${campaign}/${day}/${name}`, sink);
          hash.digest();
          files++;
        }
      }
    }
  } finally {
    await client.close();
  }
  return { files, bytes, ms: performance.now() - started };
}

async function main(): Promise<void> {
  await withBenchDatabase("legacy_import", async () => {
  const calls = Array.from({ length: N }, (_, i) => makeCall({ callId: String(600000000000 + i), ani: String(4150000000 + i), startedAt: new Date(DAY + i * 60_000), durationSec: SECONDS }));
  const clock = new ControllableClock({ start: DAY + 2 * 86_400_000, speed: 0 });
  const exp = await startLegacyExport({ feed: new FakeFeed(calls), clock, describeDomain: () => ({ timeZone: "America/Los_Angeles" }), catalog: { historyDays: 3 } });
  const account = exp.createExportCredentials("1001", { ivrShare: 0 });
  const blobRoot = mkdtempSync(path.join(os.tmpdir(), "bench-legacy-"));
  try {
    for (const protocol of PROTOCOLS) {
      const login: ExportLogin = { protocol, host: "127.0.0.1", port: protocol === "ftp" ? exp.ftpPort : exp.sftpPort, username: account.username, password: account.password };
      const plainMs: number[] = [];
      const importMs: number[] = [];
      let mb = 0;
      let files = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const plain = await plainDownload(login);
        plainMs.push(plain.ms);
        mb = plain.bytes / 1e6;
        files = plain.files;
        const tenant = await db().tenant.create({ data: { slug: `bench-${protocol}-${round}-${Date.now()}`, name: "Bench", five9TimeZone: "America/Los_Angeles" } });
        await db().legacyExportSource.create({ data: { tenantId: tenant.id, protocol, host: login.host, port: login.port, username: login.username, passwordSealed: sealSecret(login.password, contextFor("legacyExportSource", tenant.id, "passwordSealed")) } });
        const store = new FsBlobStore(blobRoot);
        await pollLegacyExport(tenant.id, { store, now: () => clock.now(), maxReads: N });
        const t = performance.now();
        const read = await pollLegacyExport(tenant.id, { store, now: () => clock.now(), maxReads: N });
        importMs.push(performance.now() - t);
        if (read.totals.imported !== plain.files) throw new Error(`imported ${read.totals.imported} of ${plain.files} files`);
        console.log(`  ${protocol} round ${round + 1}: plain ${plain.ms.toFixed(0)} ms, import ${importMs[round]!.toFixed(0)} ms`);
      }
      const p = median(plainMs);
      const i = median(importMs);
      console.log(
        `${protocol.toUpperCase()} ${files} files, ${mb.toFixed(1)} MB (median of ${ROUNDS}): plain download ${(mb / (p / 1000)).toFixed(1)} MB/s (${p.toFixed(0)} ms); ` +
          `import ${(mb / (i / 1000)).toFixed(1)} MB/s (${i.toFixed(0)} ms); ratio ${(p / i).toFixed(2)}×`,
      );
    }
  } finally {
    rmSync(blobRoot, { recursive: true, force: true });
    await exp.close();
    clock.close();
  }
});
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
