// Transcripts in the legacy export: with the login's `transcripts` option, a
// `<same stem>.json` beside every recording of a call the world has a
// transcript of, holding the API transcript's JSON (the same bytes every
// time); none for abandoned calls or logins without the option; a re-upload
// brings the transcript again; `malformed_transcript` writes another shape.
import { Writable } from "node:stream";
import { Client as FtpClient } from "basic-ftp";
import { createRequire } from "node:module";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ControllableClock } from "../world/clock";
import { hasTranscript, transcriptFor } from "../world/transcript";
import { FakeFaults, FakeFeed, makeCall } from "../voicestream/test-fakes";
import { transcriptBytes } from "./export-catalog";
import { startLegacyExport, type LegacyExport } from "./server";

interface SftpClient {
  connect(options: { host: string; port: number; username: string; password: string; readyTimeout: number }): Promise<unknown>;
  list(path: string): Promise<{ name: string; type: string; size: number }[]>;
  get(path: string): Promise<Buffer>;
  end(): Promise<unknown>;
}
const SftpClient = createRequire(import.meta.url)("ssh2-sftp-client") as new () => SftpClient;

const DOMAIN = "1001";
const inbound = makeCall({ callId: "300000000011", startedAt: new Date("2026-03-10T17:05:03Z"), durationSec: 60 });
const abandoned = makeCall({ callId: "300000000013", startedAt: new Date("2026-03-10T18:00:00Z"), abandoned: true, recorded: false, agentUsername: null });
// Lands at 16:07 UTC (5-minute upload delay), after the logins exist: it takes the faults.
const late = makeCall({ callId: "300000000014", campaign: "Customer Support", ani: "4155550777", startedAt: new Date("2026-03-11T16:00:00Z"), durationSec: 120 });
const later = makeCall({ callId: "300000000015", campaign: "Customer Support", ani: "4155550888", startedAt: new Date("2026-03-11T16:30:00Z"), durationSec: 60 });

const faults = new FakeFaults();
let clock: ControllableClock;
let exp: LegacyExport;
const withTranscripts = { username: "acme-transcripts", password: "export-secret-3" };
const withSession = { username: "acme-transcripts-sid", password: "export-secret-4" };
const plain = { username: "acme-plain", password: "export-secret-5" };

async function ftp(user: { username: string; password: string }): Promise<FtpClient> {
  const client = new FtpClient(5_000);
  await client.access({ host: "127.0.0.1", port: exp.ftpPort, user: user.username, password: user.password });
  clients.push(client);
  return client;
}

async function ftpDownload(client: FtpClient, path: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await client.downloadTo(new Writable({ write: (chunk: Buffer, _enc, done) => (chunks.push(chunk), done()) }), path);
  return Buffer.concat(chunks);
}

const clients: (FtpClient | SftpClient)[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await ("end" in c ? c.end() : c.close());
});

beforeAll(async () => {
  clock = new ControllableClock({ start: Date.parse("2026-03-11T16:00:00Z"), speed: 0 });
  exp = await startLegacyExport({ feed: new FakeFeed([inbound, abandoned, late, later]), clock, faults, describeDomain: (id) => (id === DOMAIN ? { timeZone: "America/Los_Angeles" } : undefined), catalog: { historyDays: 10 } });
  exp.createExportCredentials(DOMAIN, { ...withTranscripts, ivrShare: 0, transcripts: true });
  exp.createExportCredentials(DOMAIN, { ...withSession, ivrShare: 0, transcripts: true, sessionIdNaming: true });
  exp.createExportCredentials(DOMAIN, { ...plain, ivrShare: 0 });
});

afterAll(async () => {
  await exp.close();
  clock.close();
});

describe("legacy export transcripts", () => {
  it("the world has a transcript of every recorded call an agent took, not of an abandoned one", () => {
    expect([inbound, late, abandoned].map(hasTranscript)).toEqual([true, true, false]);
  });

  it("writes the API transcript's JSON beside each recording, with the same stem, the same bytes every time", async () => {
    const client = await ftp(withTranscripts);
    const stem = "4155550101 by ava.nguyen10@acme.sim @ 10_05_03 AM";
    const files = await client.list("/Inbound Sales/3_10_2026");
    expect(files.map((f) => f.name).sort()).toEqual([`${stem}.json`, `${stem}.wav`]);
    const json = files.find((f) => f.name.endsWith(".json"))!;
    const body = await ftpDownload(client, `/Inbound Sales/3_10_2026/${json.name}`);
    expect(body.length).toBe(json.size);
    expect(JSON.parse(body.toString("utf8"))).toEqual(transcriptFor(inbound));
    expect((await ftpDownload(client, `/Inbound Sales/3_10_2026/${json.name}`)).equals(body)).toBe(true);
    expect(body.equals(transcriptBytes(inbound))).toBe(true);

    // Session-id naming names the transcript the same way; a login without the option gets recordings only.
    const sid = await ftp(withSession);
    expect((await sid.list("/Inbound Sales/3_10_2026")).map((f) => f.name).sort()).toEqual([`${stem}_${inbound.sessionId}.json`, `${stem}_${inbound.sessionId}.wav`]);
    const none = await ftp(plain);
    expect((await none.list("/Inbound Sales/3_10_2026")).map((f) => f.name)).toEqual([`${stem}.wav`]);
  });

  it("serves the same transcript over SFTP", async () => {
    const client = new SftpClient();
    await client.connect({ host: "127.0.0.1", port: exp.sftpPort, username: withTranscripts.username, password: withTranscripts.password, readyTimeout: 5_000 });
    clients.push(client);
    const json = (await client.list("/Inbound Sales/3_10_2026")).find((f) => f.name.endsWith(".json"))!;
    expect((await client.get(`/Inbound Sales/3_10_2026/${json.name}`)).equals(transcriptBytes(inbound))).toBe(true);
  });

  it("a re-upload brings the transcript again (same bytes, a second name); malformed_transcript writes times as strings", async () => {
    const client = await ftp(withTranscripts);
    faults.add("reuploaded_file"); // taken by `late`, the next file to land
    clock.set(Date.parse("2026-03-11T16:08:00Z"));
    const dir = "/Customer Support/3_11_2026";
    expect((await client.list(dir)).map((f) => f.name).sort()).toEqual(["4155550777 by ava.nguyen10@acme.sim @ 9_00_00 AM.json", "4155550777 by ava.nguyen10@acme.sim @ 9_00_00 AM.wav"]);
    clock.set(Date.parse("2026-03-11T16:20:00Z"));
    const names = (await client.list(dir)).map((f) => f.name).sort();
    expect(names).toEqual([
      "4155550777 by ava.nguyen10@acme.sim @ 9_00_00 AM.json", "4155550777 by ava.nguyen10@acme.sim @ 9_00_00 AM.wav",
      "4155550777 by ava.nguyen10@acme.sim @ 9_00_01 AM.json", "4155550777 by ava.nguyen10@acme.sim @ 9_00_01 AM.wav",
    ]);
    const [first, second] = [await ftpDownload(client, `${dir}/${names[0]}`), await ftpDownload(client, `${dir}/${names[2]}`)];
    expect(second.equals(first)).toBe(true);

    faults.add("malformed_transcript"); // taken by `later`
    clock.set(Date.parse("2026-03-11T16:37:00Z"));
    const bad = (await client.list(dir)).find((f) => f.name.startsWith("4155550888") && f.name.endsWith(".json"))!;
    const body = JSON.parse((await ftpDownload(client, `${dir}/${bad.name}`)).toString("utf8")) as { callId: string; utterances: { startMs: unknown; endMs: unknown }[] };
    expect(body.callId).toBe(later.callId);
    expect(body.utterances.length).toBe(transcriptFor(later).utterances.length);
    expect(body.utterances[0]).toMatchObject({ startMs: expect.stringMatching(/^\d+:\d\d\.\d{3}$/), endMs: expect.stringMatching(/^\d+:\d\d\.\d{3}$/) });
  });
});
