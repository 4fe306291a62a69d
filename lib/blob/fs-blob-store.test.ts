import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { parseEnv } from "../env";
import { blobStoreContract } from "../../test/support/blob-store-contract";
import { createBlobStore } from "./blob-store-from-env";
import { FsBlobStore } from "./fs-blob-store";
import { S3BlobStore } from "./s3-blob-store";

const root = mkdtempSync(path.join(os.tmpdir(), "loris-blobs-"));
const store = new FsBlobStore(root);
afterAll(() => rmSync(root, { recursive: true, force: true }));

blobStoreContract("filesystem", () => store, { largeBytes: 20 * 1024 * 1024 });

describe("filesystem blob store on disk", () => {
  it("writes through .tmp and leaves no temp file after success, failure or abort", async () => {
    await store.put("tenants/a/recordings/1.wav", Readable.from([Buffer.from("ok")]));
    const failing = new Readable({ read() { this.destroy(new Error("boom")); } });
    await expect(store.put("tenants/a/recordings/2.wav", failing)).rejects.toThrow("boom");
    expect(await store.tempFileCount()).toBe(0);
  });

  it("sweeps temp files a killed worker left behind, and only old ones", async () => {
    const tmp = path.join(root, ".tmp");
    writeFileSync(path.join(tmp, "old.part"), "half");
    writeFileSync(path.join(tmp, "new.part"), "half");
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(path.join(tmp, "old.part"), hourAgo, hourAgo);
    expect(await store.removeStaleTemp(60_000)).toBe(1);
    expect(await store.tempFileCount()).toBe(1);
  });
});

describe("blob store from the environment", () => {
  it("is the filesystem under DATA_DIR/blobs by default, BLOB_DIR when set", () => {
    expect(createBlobStore(parseEnv({ DATA_DIR: "/srv/loris" })).description).toBe("filesystem /srv/loris/blobs");
    expect(createBlobStore(parseEnv({ BLOB_DIR: "/mnt/blobs" })).description).toBe("filesystem /mnt/blobs");
  });

  it("is S3 when BLOB_STORE=s3, with the bucket required and keys set in pairs", () => {
    const s3 = createBlobStore(parseEnv({ BLOB_STORE: "s3", S3_BUCKET: "loris-recordings", S3_ENDPOINT: "http://127.0.0.1:9000", S3_FORCE_PATH_STYLE: "true", S3_ACCESS_KEY_ID: "id", S3_SECRET_ACCESS_KEY: "never-shown" }));
    expect(s3).toBeInstanceOf(S3BlobStore);
    expect(s3.description).toBe("s3 http://127.0.0.1:9000/loris-recordings");
    expect(() => parseEnv({ BLOB_STORE: "s3" })).toThrow(/S3_BUCKET: is required when BLOB_STORE=s3\. Set S3_BUCKET/);
    expect(() => parseEnv({ BLOB_STORE: "s3", S3_BUCKET: "b-1", S3_ACCESS_KEY_ID: "id" })).toThrow(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together/);
    expect(() => parseEnv({ BLOB_STORE: "gcs" })).toThrow(/BLOB_STORE.*Use fs/);
    expect(() => parseEnv({ S3_BUCKET: "Bad_Bucket" })).toThrow(/S3_BUCKET: must be a valid bucket name/);
  });

  it("never puts the secret key in an error message", () => {
    try {
      parseEnv({ BLOB_STORE: "s3", S3_SECRET_ACCESS_KEY: "super-secret-value" });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).not.toContain("super-secret-value");
    }
  });
});
