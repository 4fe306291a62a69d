// Picks the blob store the environment asks for: files under BLOB_DIR
// (default DATA_DIR/blobs) unless BLOB_STORE=s3. One store per process.
import path from "node:path";
import { env, type Env } from "../env";
import type { BlobStore } from "./blob-store";
import { FsBlobStore } from "./fs-blob-store";
import { S3BlobStore } from "./s3-blob-store";

export function createBlobStore(config: Env): BlobStore {
  if (config.BLOB_STORE === "s3") {
    return new S3BlobStore({
      bucket: config.S3_BUCKET!,
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      credentials: config.S3_ACCESS_KEY_ID ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY! } : undefined,
    });
  }
  return new FsBlobStore(config.BLOB_DIR ?? path.join(config.DATA_DIR, "blobs"));
}

let store: BlobStore | undefined;

export function blobStore(): BlobStore {
  store ??= createBlobStore(env());
  return store;
}
