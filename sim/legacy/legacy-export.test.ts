import { Writable } from "node:stream";
import { Client as FtpClient } from "basic-ftp";
import { createRequire } from "node:module";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ControllableClock } from "../world/clock";
import { wavByteLength, wavRange } from "../world/wav";
import { FakeFaults, FakeFeed, makeCall, serveRoutes } from "../voicestream/test-fakes";
import { createExportHandlers } from "./export-http";
import { startLegacyExport, type LegacyExport } from "./server";

// ssh2-sftp-client ships no types; the test names the few methods it uses.
interface SftpClient {
  connect(options: { host: string; port: number; username: string; password: string; readyTimeout: number }): Promise<unknown>;
  list(path: string): Promise<{ name: string; type: string; size: number }[]>;
  get(path: string): Promise<Buffer>;
  put(data: Buffer, path: string): Promise<unknown>;
  exists(path: string): Promise<false | "d" | "-" | "l">;
  end(): Promise<unknown>;
}
const SftpClient = createRequire(import.meta.url)("ssh2-sftp-client") as new () => SftpClient;

const DOMAIN = "1001";
const inbound = makeCall({ callId: "300000000001", startedAt: new Date("2026-03-10T17:05:03Z"), durationSec: 60 });
const outbound = makeCall({
  callId: "300000000002",
  campaign: "Outbound Retention",
  callType: "OUTBOUND",
  ani: "8005550100",
  dnis: "4155550123",
  startedAt: new Date("2026-03-11T06:30:00Z"),
  durationSec: 30,
  recordingChannels: "per-leg",
});
const abandoned = makeCall({ callId: "300000000003", startedAt: new Date("2026-03-10T18:00:00Z"), abandoned: true, recorded: false, agentUsername: null });
// Ends 16:02 UTC: with the 5-minute upload delay its file lands at 16:07.
const late = makeCall({ callId: "300000000004", campaign: "Customer Support", ani: "4155550777", startedAt: new Date("2026-03-11T16:00:00Z"), durationSec: 120 });

// Ends 16:31 UTC, lands 16:36: the only file of its campaign's day, deleted while read (vanishing_file).
const vanishing = makeCall({ callId: "300000000005", campaign: "Billing", ani: "4155550888", startedAt: new Date("2026-03-11T16:30:00Z"), durationSec: 60 });

const feed = new FakeFeed([inbound, outbound, abandoned, late, vanishing]);
const faults = new FakeFaults();
let clock: ControllableClock;
let exp: LegacyExport;
const creds = { username: "acme-export", password: "export-secret-1" };
const bySession = { username: "acme-session", password: "export-secret-2" };

function wavOf(call: typeof inbound): Buffer {
  return Buffer.concat([...wavRange(call)]);
}

async function ftp(user = creds): Promise<FtpClient> {
  const client = new FtpClient(5_000);
  await client.access({ host: "127.0.0.1", port: exp.ftpPort, user: user.username, password: user.password });
  return client;
}

async function ftpDownload(client: FtpClient, path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (chunks.push(chunk), done()) });
  await client.downloadTo(sink, path);
  return Buffer.concat(chunks);
}

async function sftp(user = creds): Promise<SftpClient> {
  const client = new SftpClient();
  await client.connect({ host: "127.0.0.1", port: exp.sftpPort, username: user.username, password: user.password, readyTimeout: 5_000 });
  return client;
}

const clients: (FtpClient | SftpClient)[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await ("end" in c ? c.end() : c.close());
});

beforeAll(async () => {
  clock = new ControllableClock({ start: Date.parse("2026-03-11T16:00:00Z"), speed: 0 });
  exp = await startLegacyExport({ feed, clock, faults, describeDomain: (id) => (id === DOMAIN ? { timeZone: "America/Los_Angeles" } : undefined), catalog: { historyDays: 10 } });
  exp.createExportCredentials(DOMAIN, { ...creds, ivrShare: 0 });
  exp.createExportCredentials(DOMAIN, { ...bySession, sessionIdNaming: true, ivrShare: 0 });
});

afterAll(async () => {
  await exp.close();
  clock.close();
});

describe("legacy export over FTP", () => {
  it("lists campaign and day folders and the recorded calls' files, not abandoned or unfinished ones", async () => {
    const client = await ftp();
    clients.push(client);
    expect((await client.list("/")).map((f) => f.name).sort()).toEqual(["Inbound Sales", "Outbound Retention"]);
    expect((await client.list("/Inbound Sales")).map((f) => [f.name, f.isDirectory])).toEqual([["3_10_2026", true]]);
    const files = await client.list("/Inbound Sales/3_10_2026");
    expect(files.map((f) => [f.name, f.size])).toEqual([["4155550101 by ava.nguyen10@acme.sim @ 10_05_03 AM.wav", wavByteLength(inbound)]]);
    // 11:30 PM local on March 10 is already March 11 in UTC: the folder follows the domain's zone.
    const out = await client.list("/Outbound Retention/3_10_2026");
    expect(out.map((f) => f.name)).toEqual(["4155550123 by ava.nguyen10@acme.sim @ 11_30_00 PM.wav"]);
  });

  it("downloads the recording's WAV bytes", async () => {
    const client = await ftp();
    clients.push(client);
    await client.cd("/Outbound Retention/3_10_2026");
    const bytes = await ftpDownload(client, "4155550123 by ava.nguyen10@acme.sim @ 11_30_00 PM.wav");
    expect(bytes.subarray(0, 4).toString("ascii")).toBe("RIFF");
    expect(bytes.readUInt16LE(22)).toBe(2); // per-leg recording: two channels
    expect(bytes.equals(wavOf(outbound))).toBe(true);
  });

  it("rejects a wrong password and any write", async () => {
    await expect(ftp({ username: creds.username, password: "wrong-password" })).rejects.toThrow(/530/);
    const client = await ftp();
    clients.push(client);
    await expect(client.uploadFrom(Buffer.from("x") as unknown as never, "/Inbound Sales/evil.wav")).rejects.toThrow();
    await expect(client.remove("/Inbound Sales/3_10_2026/4155550101 by ava.nguyen10@acme.sim @ 10_05_03 AM.wav")).rejects.toThrow(/550/);
  });
});

describe("export logins over HTTP", () => {
  it("creates credentials through the handlers that then log in over FTP, and lists them without passwords", async () => {
    const http = await serveRoutes(createExportHandlers(exp).routes);
    try {
      const api = `${http.base}/_sim/domains/${DOMAIN}/legacy-export/credentials`;
      expect((await fetch(api, { method: "POST", body: JSON.stringify({ password: "short" }) })).status).toBe(400);
      expect((await fetch(api.replace(DOMAIN, "9999"), { method: "POST", body: "{}" })).status).toBe(404);
      const res = await fetch(api, { method: "POST", body: JSON.stringify({ username: "via-http", uploadDelayMinutes: 1 }) });
      expect(res.status).toBe(201);
      const created = (await res.json()) as { username: string; password: string; ftp: { port: number } };
      expect(created.ftp.port).toBe(exp.ftpPort);
      const client = await ftp({ username: created.username, password: created.password });
      clients.push(client);
      expect((await client.list("/")).length).toBeGreaterThan(0);
      const listed = (await (await fetch(api)).json()) as { exports: { username: string; password?: string }[] };
      expect(listed.exports.find((e) => e.username === "via-http")).toMatchObject({ username: "via-http" });
      expect(JSON.stringify(listed)).not.toContain(created.password);
      expect((await fetch(api, { method: "POST", body: JSON.stringify({ username: "via-http" }) })).status).toBe(409);
      expect((await fetch(`${api}/via-http`, { method: "DELETE" })).status).toBe(204);
      await expect(ftp({ username: created.username, password: created.password })).rejects.toThrow(/530/);
    } finally {
      await http.close();
    }
  });
});

describe("legacy export over SFTP", () => {
  it("lists and downloads the same tree, with session-id naming when the export has it on", async () => {
    const plain = await sftp();
    clients.push(plain);
    expect((await plain.list("/")).map((f) => [f.name, f.type]).sort()).toEqual([["Inbound Sales", "d"], ["Outbound Retention", "d"]]);
    const [file] = await plain.list("/Inbound Sales/3_10_2026");
    expect(file?.name).toBe("4155550101 by ava.nguyen10@acme.sim @ 10_05_03 AM.wav");
    const bytes = (await plain.get(`/Inbound Sales/3_10_2026/${file!.name}`));
    expect(bytes.equals(wavOf(inbound))).toBe(true);

    const named = await sftp(bySession);
    clients.push(named);
    const [withSession] = await named.list("/Inbound Sales/3_10_2026");
    expect(withSession?.name).toBe(`4155550101 by ava.nguyen10@acme.sim @ 10_05_03 AM_${inbound.sessionId}.wav`);
  });

  it("rejects a wrong password and uploads", async () => {
    await expect(sftp({ username: creds.username, password: "wrong-password" })).rejects.toThrow(/authentication/i);
    const client = await sftp();
    clients.push(client);
    await expect(client.put(Buffer.from("x"), "/Inbound Sales/evil.wav")).rejects.toThrow(/denied|read-only/i);
  });
});

describe("legacy export timing and faults", () => {
  const lateDir = "/Customer Support/3_11_2026";
  const lateName = "4155550777 by ava.nguyen10@acme.sim @ 9_00_00 AM.wav";

  it("shows a file only once the upload delay after the call's end has passed", async () => {
    const client = await sftp();
    clients.push(client);
    expect(await client.exists(lateDir)).toBe(false);
    clock.set(Date.parse("2026-03-11T16:06:00Z"));
    expect(await client.exists(lateDir)).toBe(false);
    // The partial-file fault hits the next file to land: this one.
    faults.add("partial_file");
    faults.add("reuploaded_file");
    clock.set(Date.parse("2026-03-11T16:07:30Z"));
    expect(await client.exists(`${lateDir}/${lateName}`)).toBe("-");
  });

  it("serves a partial file short (listing and download) until its upload completes", async () => {
    const client = await sftp();
    clients.push(client);
    const full = wavByteLength(late);
    const [growing] = await client.list(lateDir);
    expect(growing!.size).toBeLessThan(full);
    const partial = (await client.get(`${lateDir}/${lateName}`));
    expect(partial.length).toBe(growing!.size);
    expect(partial.equals(wavOf(late).subarray(0, growing!.size))).toBe(true);

    const ftpClient = await ftp();
    clients.push(ftpClient);
    expect((await ftpDownload(ftpClient, `${lateDir}/${lateName}`)).length).toBe(growing!.size);

    clock.set(Date.parse("2026-03-11T16:10:00Z"));
    const [done] = await client.list(lateDir);
    expect(done!.size).toBe(full);
    expect(((await client.get(`${lateDir}/${lateName}`))).equals(wavOf(late))).toBe(true);
  });

  it("shows a re-uploaded recording a second time under another name and mtime", async () => {
    const client = await ftp();
    clients.push(client);
    expect((await client.list(lateDir)).length).toBe(1);
    clock.set(Date.parse("2026-03-11T16:20:00Z"));
    const files = await client.list(lateDir);
    expect(files.map((f) => f.name)).toEqual([lateName, "4155550777 by ava.nguyen10@acme.sim @ 9_00_01 AM.wav"]);
    const [first, second] = await Promise.all([ftpDownload(client, `${lateDir}/${files[0]!.name}`), ftp().then(async (c) => (clients.push(c), ftpDownload(c, `${lateDir}/${files[1]!.name}`)))]);
    expect(second.equals(first)).toBe(true);
    const mtimes = [await client.lastMod(`${lateDir}/${files[0]!.name}`), await client.lastMod(`${lateDir}/${files[1]!.name}`)];
    expect(mtimes[1]!.getTime()).toBeGreaterThan(mtimes[0]!.getTime());
  });

  it("deletes a vanishing file during its first download; its day folder stays, empty, over FTP and SFTP", async () => {
    const dir = "/Billing/3_11_2026";
    faults.add("vanishing_file");
    clock.set(Date.parse("2026-03-11T16:40:00Z"));
    const client = await ftp();
    clients.push(client);
    const [file] = await client.list(dir);
    expect(file!.name).toBe("4155550888 by ava.nguyen10@acme.sim @ 9_30_00 AM.wav");
    await expect(ftpDownload(client, `${dir}/${file!.name}`)).rejects.toThrow(/removed/i);
    const again = await ftp();
    clients.push(again);
    expect((await again.list("/Billing")).map((e) => e.name)).toEqual(["3_11_2026"]);
    expect(await again.list(dir)).toEqual([]);
    const s = await sftp();
    clients.push(s);
    expect(await s.list(dir)).toEqual([]);
    expect(await s.exists(`${dir}/${file!.name}`)).toBe(false);
  });
});
