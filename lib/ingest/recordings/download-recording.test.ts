// Recording downloads against the real simulator over HTTP, with its fault
// switches: every stored blob's sha256 must equal the simulator's own bytes.
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordingBlobKey } from "../../blob/blob-store";
import { FsBlobStore } from "../../blob/fs-blob-store";
import { downloadRecording, type DownloadRecordingInput } from "./download-recording";
import { DEFAULT_RETRY } from "../retry";
import { IngestError } from "./ingest-error";
import { listRecordings, type RecordingItem } from "./list-recordings";
import { simRecordingsFixture } from "../../../test/support/sim-recordings";

const f = simRecordingsFixture({ calls: 40 });
const root = mkdtempSync(path.join(os.tmpdir(), "loris-recordings-"));
const store = new FsBlobStore(root);
const TENANT = "tenant_a";
let items: Map<string, RecordingItem>;

beforeAll(async () => {
  items = new Map((await listRecordings({ client: f.newClient(), ...f.window() })).items.map((i) => [i.callId, i]));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function storedSha256(key: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of await store.get(key)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function download(callId: string, extra: Partial<DownloadRecordingInput> = {}) {
  return downloadRecording({ client: f.newClient(), recording: items.get(callId)!, store, tenantId: TENANT, ...extra });
}

async function rejection(promise: Promise<unknown>): Promise<IngestError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(IngestError);
  return error as IngestError;
}

describe("downloadRecording", () => {
  it("stores each recording with the simulator's exact bytes, sha256, size and duration", async () => {
    const client = f.newClient();
    const calls = f.smallest(6);
    for (const call of calls) {
      const result = await downloadRecording({ client, recording: items.get(call.callId)!, store, tenantId: TENANT });
      const channels = call.recordingChannels === "per-leg" ? 2 : 1;
      expect(result).toEqual({
        blobKey: recordingBlobKey(TENANT, call.callId),
        sha256: f.expectedSha256(call),
        bytes: 44 + call.durationSec * 8000 * 2 * channels,
        durationMs: call.durationSec * 1000,
        contentType: "audio/wav",
        channels,
        sampleRateHz: 8000,
        resumes: 0,
      });
      expect(await storedSha256(result.blobKey)).toBe(result.sha256);
    }
    expect(client.stats).toMatchObject({ logins: 1, forcedLogins: 0 });
    expect(await store.tempFileCount()).toBe(0);
  });

  it("resumes a truncated download with Range from the bytes already written", async () => {
    const [call] = f.smallest(7).slice(6);
    await f.control.addFault({ domainId: f.domainId, type: "truncated_wav", count: 2 });
    const result = await download(call!.callId);
    expect(result.resumes).toBe(2);
    expect(result.bytes).toBe(items.get(call!.callId)!.sizeBytes);
    expect(result.sha256).toBe(f.expectedSha256(call!));
    const gets = await f.control.requests({ path: items.get(call!.callId)!.recordingPath, method: "GET" });
    // Cut responses never finish, so the log holds only the resume that completed.
    expect(gets.map((r) => r.status)).toEqual([206]);
  });

  it("retries 429 (after Retry-After) and 5xx storms, then stores the right bytes", async () => {
    const [a, b] = f.smallest(2);
    await f.control.addFault({ domainId: f.domainId, endpoint: items.get(a!.callId)!.recordingPath, type: "status", status: 429, retryAfterSeconds: 1, count: 2 });
    const started = Date.now();
    expect((await download(a!.callId)).sha256).toBe(f.expectedSha256(a!));
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);

    await f.control.addFault({ domainId: f.domainId, endpoint: items.get(b!.callId)!.recordingPath, type: "status", status: 503, count: 4 });
    expect((await download(b!.callId)).sha256).toBe(f.expectedSha256(b!));
    const statuses = (await f.control.requests({ path: items.get(a!.callId)!.recordingPath })).map((r) => r.status);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });

  it("gives up on an endless 5xx storm with a retryable error and stores nothing", async () => {
    const [call] = f.smallest(8).slice(7);
    await f.control.addFault({ domainId: f.domainId, endpoint: items.get(call!.callId)!.recordingPath, type: "status", status: 500 });
    const error = await rejection(download(call!.callId));
    expect(error).toMatchObject({ kind: "transient_exhausted", callId: call!.callId, retryable: true });
    expect(error.message).toMatch(new RegExp(`^Call ${call!.callId}: `));
    expect(await store.head(recordingBlobKey(TENANT, call!.callId))).toBeUndefined();
    expect((await f.control.requests({ path: items.get(call!.callId)!.recordingPath })).length).toBe(DEFAULT_RETRY.attempts);
  });

  it("treats 435 (domain migrated) as permanent: no retry, nothing stored", async () => {
    const [call] = f.smallest(9).slice(8);
    await f.control.addFault({ domainId: f.domainId, endpoint: items.get(call!.callId)!.recordingPath, type: "status", status: 435 });
    const error = await rejection(download(call!.callId));
    expect(error).toMatchObject({ kind: "migrated", retryable: false, callId: call!.callId });
    expect((await f.control.requests({ path: items.get(call!.callId)!.recordingPath })).length).toBe(1);
    expect(await store.head(recordingBlobKey(TENANT, call!.callId))).toBeUndefined();
  });

  it("rejects a body that is not a WAV, naming the call, and leaves no blob", async () => {
    const [call] = f.smallest(1);
    const item = items.get(call!.callId)!;
    // The transcript route answers real simulator bytes that are JSON, not RIFF.
    const error = await rejection(downloadRecording({ client: f.newClient(), recording: { callId: "300099990001", recordingPath: item.transcriptPath! }, store, tenantId: TENANT }));
    expect(error).toMatchObject({ kind: "invalid_wav", callId: "300099990001", retryable: false });
    expect(error.message).toMatch(/^Call 300099990001: the recording is not a valid WAV/);
    expect(await store.head(recordingBlobKey(TENANT, "300099990001"))).toBeUndefined();
    expect(await store.tempFileCount()).toBe(0);
  });

  it("stops on abort without a half blob, and a re-run stores the whole file", async () => {
    const call = [...f.recorded].sort((a, b) => b.durationSec - a.durationSec)[0]!;
    const key = recordingBlobKey("tenant_abort", call.callId);
    const controller = new AbortController();
    const pending = downloadRecording({ client: f.newClient(), recording: items.get(call.callId)!, store, tenantId: "tenant_abort", signal: controller.signal });
    // Abort once bytes are flowing into the temp file, like a worker stopped mid-download.
    while ((await store.tempFileCount()) === 0) await new Promise((r) => setTimeout(r, 2));
    await new Promise((r) => setTimeout(r, 20));
    controller.abort(new Error("SIGTERM"));
    const error = await rejection(pending);
    expect(error).toMatchObject({ kind: "aborted", retryable: true, callId: call.callId });
    expect(await store.head(key)).toBeUndefined();
    expect(await store.tempFileCount()).toBe(0);

    const again = await downloadRecording({ client: f.newClient(), recording: items.get(call.callId)!, store, tenantId: "tenant_abort" });
    expect(again.sha256).toBe(f.expectedSha256(call));
    expect(await storedSha256(key)).toBe(again.sha256);
  }, 60_000);

  it("rejects a size that disagrees with the listing, as retryable, without storing", async () => {
    const [call] = f.smallest(1);
    const item = items.get(call!.callId)!;
    const error = await rejection(downloadRecording({ client: f.newClient(), recording: { ...item, sizeBytes: item.sizeBytes! + 1 }, store, tenantId: "tenant_size" }));
    expect(error).toMatchObject({ kind: "size_mismatch", retryable: true });
    expect(await store.head(recordingBlobKey("tenant_size", call!.callId))).toBeUndefined();
  });

  it("reports a call Five9 has no recording for as not_found", async () => {
    const [call] = f.smallest(1);
    const item = items.get(call!.callId)!;
    const error = await rejection(downloadRecording({ client: f.newClient(), recording: { callId: "399999999", recordingPath: item.recordingPath.replace(call!.callId, "399999999") }, store, tenantId: TENANT }));
    expect(error).toMatchObject({ kind: "not_found", retryable: false, callId: "399999999" });
  });
});

describe("supervisor session handling", () => {
  it("logs in again after a 401 mid-run, and takes the session over (ForceIn) when the token keeps being refused", async () => {
    const [a, b] = f.smallest(2);
    const client = f.newClient();
    await downloadRecording({ client, recording: items.get(a!.callId)!, store, tenantId: "tenant_s" });
    await f.control.addFault({ domainId: f.domainId, type: "token_revoked", count: 1 });
    expect((await downloadRecording({ client, recording: items.get(b!.callId)!, store, tenantId: "tenant_s" })).sha256).toBe(f.expectedSha256(b!));
    expect(client.stats).toMatchObject({ logins: 2, forcedLogins: 0 });

    await f.control.addFault({ domainId: f.domainId, type: "token_revoked", count: 2 });
    expect((await downloadRecording({ client, recording: items.get(a!.callId)!, store, tenantId: "tenant_s" })).sha256).toBe(f.expectedSha256(a!));
    expect(client.stats).toMatchObject({ logins: 4, forcedLogins: 1 });
  });

  it("recovers when another login takes the session over (ForceIn elsewhere)", async () => {
    const [a, b] = f.smallest(2);
    const ours = f.newClient();
    await downloadRecording({ client: ours, recording: items.get(a!.callId)!, store, tenantId: "tenant_t" });
    const tokenBefore = (await ours.current()).tokenId;
    const other = await fetch(`${f.sim.baseUrl}/appsvcs/rs/svc/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ passwordCredentials: { username: f.supervisor.username, password: f.supervisor.password }, appKey: "someone-else", policy: "ForceIn" }),
    });
    expect(other.status).toBe(200);
    expect((await downloadRecording({ client: ours, recording: items.get(b!.callId)!, store, tenantId: "tenant_t" })).sha256).toBe(f.expectedSha256(b!));
    expect((await ours.current()).tokenId).not.toBe(tokenBefore);
    expect(ours.stats.logins).toBe(2);
  });

  it("fails permanently with unauthorized when the supervisor password is wrong", async () => {
    const [call] = f.smallest(1);
    const client = f.newClient(undefined, { username: f.supervisor.username, password: "wrong" });
    const error = await rejection(downloadRecording({ client, recording: items.get(call!.callId)!, store, tenantId: TENANT }));
    expect(error).toMatchObject({ kind: "unauthorized", retryable: false });
  });

  it("fails permanently with migrated when the domain moved (435 at login)", async () => {
    const moved = await f.control.createDomain({ name: `Moved ${process.pid}` });
    const sup = moved.users.find((u) => u.role === "supervisor")!;
    await f.control.markMigrated(moved.domainId);
    const client = f.newClient(undefined, sup);
    const error = await rejection(downloadRecording({ client, recording: { callId: "300000000000", recordingPath: `/supsvcs/rs/svc/supervisors/${sup.userId}/recordings/300000000000` }, store, tenantId: TENANT }));
    expect(error).toMatchObject({ kind: "migrated", retryable: false });
  });
});
