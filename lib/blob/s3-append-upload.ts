// A live S3 blob's multipart upload, fed from its local spool file while it
// grows (s3-blob-store.ts openAppend). Once the spool holds `partSize` bytes
// beyond what was handed to parts, the next part is read from the spool and
// uploaded (one at a time, streamed from the file: nothing buffered in memory);
// close uploads the rest as the last part (it may be smaller) and completes.
// The upload is created with the first part, so a blob that never reaches one
// part is a single put on close.
//
// Parts are final once uploaded, so a write behind the handed-over region
// cannot reach them: the upload is then abandoned (aborted) and close puts the
// whole spool instead — correct, only later in the bucket. The receiver never
// does that (each segment writes forward only; a reconnect is a new segment and
// key, its overlap trimmed before writing). A failed part does the same
// (the spool still holds every byte). Whatever happens, close either completes
// an object or aborts the upload: no upload of ours is left behind, and no
// partial object is ever visible.
import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, UploadPartCommand, type S3Client } from "@aws-sdk/client-s3";
import { createReadStream } from "node:fs";
import { logger } from "../log";

/** Waits before the second and third attempt of a part. */
const PART_RETRY_DELAYS_MS = [200, 1000];

export interface AppendUploadTarget {
  client: S3Client;
  bucket: string;
  key: string;
  contentType?: string;
  /** Bytes per part, at least S3's 5 MiB minimum. */
  partSize: number;
  /** The spool file the parts are read from. */
  spoolPath: string;
}

export class S3AppendUpload {
  /** Bytes handed to parts (uploaded or uploading): the spool's first `handedBytes` are final. */
  handedBytes = 0;
  /** Parts uploaded so far. */
  readonly parts: { PartNumber: number; ETag: string }[] = [];
  private uploadId: Promise<string> | undefined;
  private chain: Promise<void> = Promise.resolve();
  /** Why the multipart upload was given up (close puts the whole spool instead). */
  private abandoned: string | undefined;

  constructor(private readonly t: AppendUploadTarget) {}

  /** After each write: `position` where it began, `writtenBytes` the spool's end. Starts parts that are due. */
  written(position: number, writtenBytes: number): void {
    if (this.abandoned) return;
    if (position < this.handedBytes) return this.abandon(`a write at byte ${position} behind the ${this.handedBytes} bytes already in parts`);
    while (writtenBytes - this.handedBytes >= this.t.partSize) this.queuePart(this.handedBytes, this.t.partSize);
  }

  /**
   * Close: waits for the parts, uploads the rest (`totalBytes` is the spool's size) and completes.
   * Returns false when there is no multipart upload to complete (never reached a part, or abandoned): the
   * caller puts the whole spool. Throws after aborting when completing fails.
   */
  async complete(totalBytes: number): Promise<boolean> {
    await this.chain;
    if (!this.uploadId || this.abandoned) {
      await this.abort();
      return false;
    }
    if (totalBytes > this.handedBytes) this.queuePart(this.handedBytes, totalBytes - this.handedBytes);
    await this.chain;
    if (this.abandoned) {
      await this.abort();
      return false;
    }
    try {
      await this.t.client.send(
        new CompleteMultipartUploadCommand({ Bucket: this.t.bucket, Key: this.t.key, UploadId: await this.uploadId, MultipartUpload: { Parts: this.parts } }),
      );
      return true;
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** Aborts the multipart upload, if one was created (best effort: the bucket's lifecycle rule is the backstop). */
  async abort(): Promise<void> {
    const uploadId = await this.uploadId?.catch(() => undefined);
    this.uploadId = undefined;
    if (!uploadId) return;
    await this.t.client.send(new AbortMultipartUploadCommand({ Bucket: this.t.bucket, Key: this.t.key, UploadId: uploadId })).catch(() => undefined);
  }

  private abandon(reason: string): void {
    if (this.abandoned) return;
    this.abandoned = reason;
    logger("blob").warn({ key: this.t.key, reason }, "live blob multipart upload given up; the whole spool is put on close");
  }

  private queuePart(start: number, bytes: number): void {
    this.handedBytes = start + bytes;
    this.uploadId ??= this.t.client
      .send(new CreateMultipartUploadCommand({ Bucket: this.t.bucket, Key: this.t.key, ContentType: this.t.contentType }))
      .then((answer) => answer.UploadId ?? Promise.reject(new Error(`CreateMultipartUpload for ${this.t.key} returned no UploadId`)));
    // Awaited by the part chain (maybe later): a failure must not count as unhandled meanwhile.
    this.uploadId.catch(() => undefined);
    const uploadId = this.uploadId;
    this.chain = this.chain.then(async () => {
      if (this.abandoned) return;
      const PartNumber = this.parts.length + 1;
      // The SDK does not retry a streamed body; a part is read again from the spool for each attempt.
      for (let attempt = 0; ; attempt++) {
        try {
          const answer = await this.t.client.send(
            new UploadPartCommand({
              Bucket: this.t.bucket, Key: this.t.key, UploadId: await uploadId, PartNumber, ContentLength: bytes,
              Body: createReadStream(this.t.spoolPath, { start, end: start + bytes - 1 }),
            }),
          );
          if (!answer.ETag) throw new Error(`UploadPart ${PartNumber} of ${this.t.key} returned no ETag`);
          this.parts.push({ PartNumber, ETag: answer.ETag });
          return;
        } catch (error) {
          if (attempt + 1 >= PART_RETRY_DELAYS_MS.length + 1) return this.abandon(`part ${PartNumber} upload failed: ${(error as Error).message}`);
          await new Promise((resolve) => setTimeout(resolve, PART_RETRY_DELAYS_MS[attempt]));
        }
      }
    });
  }
}
