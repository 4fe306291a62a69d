// Blobs in an S3-compatible bucket (AWS S3, MinIO, R2, …) with the AWS SDK v3.
// Uploads stream through lib-storage's multipart Upload: at most
// queueSize × partSize bytes are buffered, and the object only appears when
// CompleteMultipartUpload succeeds — an aborted or failed upload is aborted
// server-side, so no partial object is ever visible under the key. Uploads
// orphaned by a killed worker are left to the bucket's
// AbortIncompleteMultipartUpload lifecycle rule (see docs in lib/blob).
import { DeleteObjectCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { FileAppendHandle } from "./append-handle";
import { S3AppendUpload } from "./s3-append-upload";
import { assertBlobKey, assertBlobPrefix, BlobNotFoundError, type AppendHandle, type AppendOptions, type BlobInfo, type BlobStore, type ByteRange, type PutOptions } from "./blob-store";

export interface S3BlobStoreConfig {
  bucket: string;
  region: string;
  /** Omitted = AWS; set for MinIO, R2, a local emulator. */
  endpoint?: string;
  /** Needed by most non-AWS servers (bucket in the path, not the host name). */
  forcePathStyle?: boolean;
  /** Omitted = the SDK's default chain (env, instance role, …). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Bytes per multipart part (≥ 5 MiB, S3's minimum). */
  partSize?: number;
  /** Parts uploaded in parallel. */
  queueSize?: number;
}

const MIB = 1024 * 1024;

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NotFound" || e?.name === "NoSuchKey" || e?.$metadata?.httpStatusCode === 404;
}

export class S3BlobStore implements BlobStore {
  readonly description: string;
  private readonly client: S3Client;

  constructor(private readonly config: S3BlobStoreConfig) {
    const clientConfig: S3ClientConfig = {
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials: config.credentials,
      // Newer SDKs add CRC checksums (and aws-chunked bodies) to every upload;
      // many S3-compatible servers reject those, and we hash content ourselves.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    };
    this.client = new S3Client(clientConfig);
    this.description = `s3 ${config.endpoint ?? "aws"}/${config.bucket}`;
  }

  async put(key: string, body: Readable, options: PutOptions = {}): Promise<BlobInfo> {
    assertBlobKey(key);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.config.bucket, Key: key, Body: body, ContentType: options.contentType },
      partSize: this.partSize(),
      queueSize: this.config.queueSize ?? 4,
      leavePartsOnError: false,
    });
    const onAbort = () => void upload.abort().catch(() => undefined);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      if (options.signal?.aborted) throw options.signal.reason;
      await upload.done();
    } catch (error) {
      body.destroy();
      throw error;
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
    }
    const info = await this.head(key);
    if (!info) throw new Error(`Upload of ${key} completed but the object is not there`);
    return info;
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.config.bucket, Key: assertBlobKey(key), Range: range ? `bytes=${range.start}-${range.end ?? ""}` : undefined }),
      );
      if (!(answer.Body instanceof Readable)) throw new Error(`GetObject ${key}: expected a Node stream body`);
      return answer.Body;
    } catch (error) {
      throw isNotFound(error) ? new BlobNotFoundError(key) : error;
    }
  }

  async head(key: string): Promise<BlobInfo | undefined> {
    try {
      const answer = await this.client.send(new HeadObjectCommand({ Bucket: this.config.bucket, Key: assertBlobKey(key) }));
      return { key, bytes: answer.ContentLength ?? 0, contentType: answer.ContentType };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.config.bucket, Key: assertBlobKey(key) }));
  }

  async deleteByPrefix(prefix: string): Promise<number> {
    assertBlobPrefix(prefix);
    let deleted = 0;
    let token: string | undefined;
    do {
      // Listing and deleting in pages of 1000 (S3's limit for both) keeps memory flat for any tenant size.
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.config.bucket, Prefix: prefix, ContinuationToken: token }));
      const keys = (page.Contents ?? []).map((o) => o.Key).filter((k): k is string => !!k);
      if (keys.length) {
        const answer = await this.client.send(new DeleteObjectsCommand({ Bucket: this.config.bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
        if (answer.Errors?.length) throw new Error(`Could not delete ${answer.Errors.length} blobs under ${prefix}: ${answer.Errors[0]?.Code} ${answer.Errors[0]?.Message}`);
        deleted += keys.length;
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return deleted;
  }

  /**
   * Live blobs are spooled to a local file (fsynced like the fs store: durable on this machine within
   * syncIntervalMs) and uploaded as multipart parts while they grow (s3-append-upload.ts: a part per
   * partSize, the last one on close, then completed). A blob under one part, or one whose multipart
   * upload was given up (a write behind an uploaded part, a failed part), is put whole on close.
   */
  async openAppend(key: string, options: AppendOptions = {}): Promise<AppendHandle> {
    assertBlobKey(key);
    const spool = path.join(tmpdir(), "loris-live-spool", `${createHash("sha256").update(`${this.config.bucket}/${key}`).digest("hex")}.part`);
    // Continuing a blob that was already uploaded: start the spool from its bytes.
    if (!(await stat(spool).catch(() => undefined)) && (await this.head(key))) {
      await mkdir(path.dirname(spool), { recursive: true });
      await pipeline(await this.get(key), createWriteStream(spool, { flush: true }));
    }
    // A continued spool (an uploaded blob, or one left by a process that died) is uploaded again from byte 0.
    const upload = new S3AppendUpload({ client: this.client, bucket: this.config.bucket, key, contentType: options.contentType, partSize: this.partSize(), spoolPath: spool });
    return FileAppendHandle.open(
      key,
      spool,
      options,
      async (bytes) => {
        const info = (await upload.complete(bytes)) ? await this.head(key) : await this.put(key, createReadStream(spool), { contentType: options.contentType });
        if (!info) throw new Error(`Upload of ${key} completed but the object is not there`);
        await rm(spool, { force: true });
        return info;
      },
      (position, writtenBytes) => upload.written(position, writtenBytes),
    );
  }

  private partSize(): number {
    return Math.max(5 * MIB, this.config.partSize ?? 8 * MIB);
  }

  destroy(): void {
    this.client.destroy();
  }
}
