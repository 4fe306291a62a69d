// Test fixture: s3rver, a real S3 protocol server (HTTP, SigV4, multipart
// upload, DeleteObjects) running in-process, and an S3BlobStore pointed at it.
// s3rver 3.7 lacks three multipart calls, filled in here in front of its
// router: AbortMultipartUpload (DELETE ?uploadId — removes the upload as S3
// does), and instead of ListMultipartUploads/ListParts, `pendingUploads()`
// reads the uploads s3rver keeps in its folder. `failParts(n)` makes the
// server answer the next n UploadPart requests with 500 InternalError (an outage mid-upload; Infinity: until
// failParts(0)).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { afterAll, beforeAll } from "vitest";
import { S3BlobStore } from "../../lib/blob/s3-blob-store";

export interface PendingUpload {
  uploadId: string;
  key: string;
  /** Uploaded parts, by number. */
  parts: { number: number; bytes: number }[];
}

export interface S3rverFixture {
  store(): S3BlobStore;
  /** Multipart uploads created and neither completed nor aborted. */
  pendingUploads(): PendingUpload[];
  /** The next `count` UploadPart requests fail with 500 (Infinity: every one until failParts(0)). */
  failParts(count: number): void;
}

interface KoaContext {
  method: string;
  path: string;
  query: Record<string, string | undefined>;
  status: number;
  type: string;
  body: unknown;
}
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

const xmlError = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;

export function s3rverPerFile(): S3rverFixture {
  const bucket = "loris-test";
  const dir = mkdtempSync(path.join(os.tmpdir(), "loris-s3rver-"));
  const uploadsDir = path.join(dir, bucket, "._S3rver_uploads");
  let server: S3rver | undefined;
  let store: S3BlobStore | undefined;
  let failing = 0;
  const multipartGaps: KoaMiddleware = async (ctx, next) => {
    const uploadId = ctx.query.uploadId;
    if (uploadId && ctx.method === "PUT" && ctx.query.partNumber && failing > 0) {
      failing--;
      ctx.status = 500;
      ctx.type = "application/xml";
      ctx.body = xmlError("InternalError", "injected part failure");
      return;
    }
    if (uploadId && ctx.method === "DELETE") {
      const upload = path.join(uploadsDir, path.basename(uploadId));
      if (!existsSync(upload)) {
        ctx.status = 404;
        ctx.type = "application/xml";
        ctx.body = xmlError("NoSuchUpload", "The specified upload does not exist.");
        return;
      }
      rmSync(upload, { recursive: true, force: true });
      ctx.status = 204;
      ctx.body = "";
      return;
    }
    await next();
  };
  beforeAll(async () => {
    server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
    (server as unknown as { middleware: KoaMiddleware[] }).middleware.unshift(multipartGaps);
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
  return {
    store: () => store!,
    pendingUploads: () =>
      existsSync(uploadsDir)
        ? readdirSync(uploadsDir).flatMap((uploadId) => {
            // s3rver creates an upload's folder, then its files: one read mid-way sees the folder alone (or one it just removed).
            const upload = path.join(uploadsDir, uploadId);
            try {
              const parts = readdirSync(upload)
                .filter((f) => /^\d+$/.test(f))
                .map((f) => ({ number: Number(f), bytes: statSync(path.join(upload, f)).size }))
                .sort((a, b) => a.number - b.number);
              return [{ uploadId, key: readFileSync(path.join(upload, "key"), "utf8"), parts }];
            } catch (error) {
              if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
              throw error;
            }
          })
        : [],
    failParts: (count) => (failing = count),
  };
}

export function s3BlobStorePerFile(): () => S3BlobStore {
  return s3rverPerFile().store;
}
