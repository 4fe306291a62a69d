// Test fixture: s3rver, a real S3 protocol server (HTTP, SigV4, multipart
// upload, DeleteObjects) running in-process, and an S3BlobStore pointed at it.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { afterAll, beforeAll } from "vitest";
import { S3BlobStore } from "../../lib/blob/s3-blob-store";

export function s3BlobStorePerFile(): () => S3BlobStore {
  const bucket = "loris-test";
  const dir = mkdtempSync(path.join(os.tmpdir(), "loris-s3rver-"));
  let server: S3rver | undefined;
  let store: S3BlobStore | undefined;
  beforeAll(async () => {
    server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
    const { port } = await server.run();
    store = new S3BlobStore({
      bucket,
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      partSize: 5 * 1024 * 1024,
      queueSize: 2,
    });
  });
  afterAll(async () => {
    store?.destroy();
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => store!;
}
