// The S3 store against s3rver, a real S3 protocol server in-process — not a mock of the SDK.
import { createHash } from "node:crypto";
import { buffer } from "node:stream/consumers";
import { afterEach, describe, expect, it } from "vitest";
import { blobStoreContract, liveBytes } from "../../test/support/blob-store-contract";
import { s3rverPerFile } from "../../test/support/s3rver-blob-store";
import { waitUntil } from "../../test/support/voicestream-client";
import { liveSegmentBlobKey } from "./blob-store";

const s3 = s3rverPerFile();
const MIB = 1024 * 1024;
const PART = 5 * MIB; // the fixture's part size, S3's minimum

// 12 MiB = three 5 MiB parts: exercises CreateMultipartUpload / UploadPart / Complete.
blobStoreContract("s3 (s3rver)", s3.store, { largeBytes: 12 * 1024 * 1024 });

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
let n = 0;
const liveKey = () => liveSegmentBlobKey("t-s3", `c${++n}`, "agent", 1);

/** Writes `bytes` from `at` in 2 s audio-sized writes. */
async function writeAll(handle: Awaited<ReturnType<ReturnType<typeof s3.store>["openAppend"]>>, bytes: Buffer, at = 0): Promise<void> {
  for (let i = 0; i < bytes.length; i += 32_000) await handle.write(bytes.subarray(i, i + 32_000), at + i);
}

describe("s3 live blobs: multipart parts while streaming", () => {
  afterEach(() => s3.failParts(0));

  it("uploads each 5 MiB part as the blob grows past it, the smaller last part on close, and completes to exactly the bytes written", async () => {
    const key = liveKey();
    const bytes = liveBytes(11 * MIB);
    const hole = { from: 6 * MIB, to: 6 * MIB + 96_000 }; // 6 s of silence, past the uploaded region
    bytes.fill(0, hole.from, hole.to);
    const handle = await s3.store().openAppend(key, { syncIntervalMs: 50 });
    await writeAll(handle, bytes.subarray(0, hole.from));
    await waitUntil(() => s3.pendingUploads().some((u) => u.key === key && u.parts[0]?.bytes === PART), 20_000, "part 1 uploaded");
    await writeAll(handle, bytes.subarray(hole.to), hole.to);
    // Before close: two full parts are in the bucket (as parts of an open upload), the object is not.
    await waitUntil(() => s3.pendingUploads().some((u) => u.key === key && u.parts.length === 2 && u.parts.every((p) => p.bytes === PART)), 20_000, "two parts uploaded");
    expect(await s3.store().head(key)).toBeUndefined();
    expect(await handle.close()).toMatchObject({ key, bytes: bytes.length });
    expect(s3.pendingUploads().filter((u) => u.key === key)).toEqual([]);
    expect(sha(await buffer(await s3.store().get(key)))).toBe(sha(bytes));
  });

  it("gives the multipart upload up for a write behind an uploaded part: aborted, and the whole spool put on close", async () => {
    const key = liveKey();
    const bytes = liveBytes(6 * MIB, 2);
    const handle = await s3.store().openAppend(key);
    await writeAll(handle, bytes);
    await waitUntil(() => s3.pendingUploads().some((u) => u.key === key && u.parts[0]?.bytes === PART), 20_000, "first part uploaded");
    const patch = Buffer.alloc(1000, 7);
    await handle.write(patch, 1000); // inside part 1
    patch.copy(bytes, 1000);
    expect(await handle.close()).toMatchObject({ bytes: bytes.length });
    expect(s3.pendingUploads().filter((u) => u.key === key)).toEqual([]);
    expect(sha(await buffer(await s3.store().get(key)))).toBe(sha(bytes));
  });

  it("survives a part that fails: the multipart upload is aborted and close still stores every byte from the spool", async () => {
    const key = liveKey();
    const bytes = liveBytes(7 * MIB, 3);
    const handle = await s3.store().openAppend(key);
    s3.failParts(3); // every attempt at part 1
    await writeAll(handle, bytes);
    expect(await handle.close()).toMatchObject({ bytes: bytes.length });
    expect(s3.pendingUploads().filter((u) => u.key === key)).toEqual([]);
    expect(sha(await buffer(await s3.store().get(key)))).toBe(sha(bytes));
  });

  it("leaves no object and no upload when the bucket keeps failing through close", async () => {
    const key = liveKey();
    const handle = await s3.store().openAppend(key);
    s3.failParts(Infinity);
    await writeAll(handle, liveBytes(6 * MIB, 4));
    await expect(handle.close()).rejects.toThrow();
    expect(await s3.store().head(key)).toBeUndefined();
    expect(s3.pendingUploads().filter((u) => u.key === key)).toEqual([]);
  });
});
