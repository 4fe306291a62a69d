// A day folder with 100,000 files, over FTP and SFTP: the listing reaches the
// importer in bounded batches (never one 100k array), every file is
// remembered exactly once, and nothing is read on first sight.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ControllableClock } from "../../sim/world/clock";
import { FakeFeed, makeCall } from "../../sim/voicestream/test-fakes";
import { startLegacyExport, type LegacyExport } from "../../sim/legacy/server";
import { contextFor } from "../crypto/sealed-fields";
import { sealSecret } from "../crypto/secrets";
import { db } from "../db";
import { createTenant } from "../../test/support/fixtures";
import { connectExport, type ExportLogin } from "./export-client";
import { pollLegacyExport } from "./legacy-import";

const FILES = 100_000;
const DAY = Date.parse("2026-03-10T07:00:00Z"); // midnight in Los Angeles (PDT)
let exp: LegacyExport;
let clock: ControllableClock;
let login: Omit<ExportLogin, "protocol" | "port">;

beforeAll(async () => {
  const calls = Array.from({ length: FILES }, (_, i) =>
    makeCall({ callId: String(500000000000 + i), ani: String(4150000000 + i), startedAt: new Date(DAY + Math.floor((i * 86_000_000) / FILES)), durationSec: 1 }),
  );
  clock = new ControllableClock({ start: DAY + 2 * 86_400_000, speed: 0 });
  exp = await startLegacyExport({ feed: new FakeFeed(calls), clock, describeDomain: () => ({ timeZone: "America/Los_Angeles" }), catalog: { historyDays: 3 } });
  const account = exp.createExportCredentials("1001", { ivrShare: 0 });
  login = { host: "127.0.0.1", username: account.username, password: account.password };
}, 120_000);

afterAll(async () => {
  await exp?.close();
  clock?.close();
});

describe("a folder with 100k files", () => {
  it.each(["ftp", "sftp"] as const)("is listed over %s in bounded batches", async (protocol) => {
    const client = await connectExport({ ...login, protocol, port: protocol === "ftp" ? exp.ftpPort : exp.sftpPort }, 60_000);
    try {
      let total = 0;
      let largest = 0;
      let batches = 0;
      const names = new Set<string>();
      await client.listDir("/Inbound Sales/3_10_2026", async (entries) => {
        batches++;
        total += entries.length;
        largest = Math.max(largest, entries.length);
        // Only a sample is kept: holding every name here would defeat the point.
        if (batches % 50 === 0) names.add(entries[0]!.name);
      });
      expect(total).toBe(FILES);
      expect(largest).toBeLessThanOrEqual(500);
      expect(batches).toBeGreaterThanOrEqual(FILES / 500);
    } finally {
      await client.close();
    }
  }, 300_000);

  it("is remembered once per file by a poll, and nothing is read on first sight", async () => {
    const tenant = await db().tenant.update({ where: { id: (await createTenant()).id }, data: { five9TimeZone: "America/Los_Angeles" } });
    await db().legacyExportSource.create({
      data: { tenantId: tenant.id, protocol: "ftp", host: login.host, port: exp.ftpPort, username: login.username, passwordSealed: sealSecret(login.password, contextFor("legacyExportSource", tenant.id, "passwordSealed")), folder: "/" },
    });
    const result = await pollLegacyExport(tenant.id, { now: () => clock.now(), timeoutMs: 60_000 });
    expect(result.totals).toMatchObject({ listed: FILES, read: 0, unparsed: 0, errors: [] });
    expect(await db().legacyFile.count({ where: { tenantId: tenant.id } })).toBe(FILES);
    expect(await db().legacyFile.count({ where: { tenantId: tenant.id, status: "pending", stableAt: null } })).toBe(FILES);
  }, 600_000);
});
