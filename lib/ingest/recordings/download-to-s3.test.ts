// A recording streamed from the simulator into the S3 store (s3rver), through
// a cut and a resume: the object's bytes hash to the simulator's sha256.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { recordingBlobKey } from "../../blob/blob-store";
import { s3BlobStorePerFile } from "../../../test/support/s3rver-blob-store";
import { downloadRecording } from "./download-recording";
import { IngestError } from "./ingest-error";
import { listRecordings, type RecordingItem } from "./list-recordings";
import { simRecordingsFixture } from "../../../test/support/sim-recordings";

const f = simRecordingsFixture({ calls: 20, seed: 3 });
const store = s3BlobStorePerFile();
let items: Map<string, RecordingItem>;

beforeAll(async () => {
  items = new Map((await listRecordings({ client: f.newClient(), ...f.window() })).items.map((i) => [i.callId, i]));
});

describe("downloadRecording into S3", () => {
  it("stores a multipart-sized recording resumed after a cut, with the simulator's sha256", async () => {
    // Larger than one 5 MiB part, so the upload is multipart and spans the resume.
    const call = f.recorded.find((c) => items.get(c.callId)!.sizeBytes! > 6 * 1024 * 1024)!;
    await f.control.addFault({ domainId: f.domainId, type: "truncated_wav", count: 1 });
    const result = await downloadRecording({ client: f.newClient(), recording: items.get(call.callId)!, store: store(), tenantId: "tenant_s3" });
    expect(result).toMatchObject({ resumes: 1, sha256: f.expectedSha256(call), bytes: items.get(call.callId)!.sizeBytes });
    const hash = createHash("sha256");
    for await (const chunk of await store().get(result.blobKey)) hash.update(chunk as Buffer);
    expect(hash.digest("hex")).toBe(result.sha256);
    expect(await store().head(result.blobKey)).toMatchObject({ bytes: result.bytes, contentType: "audio/wav" });
  });

  it("leaves no object when the body is not a WAV", async () => {
    const item = items.get(f.recorded[0]!.callId)!;
    const error = await downloadRecording({ client: f.newClient(), recording: { callId: "300099990002", recordingPath: item.transcriptPath! }, store: store(), tenantId: "tenant_s3" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect(error).toMatchObject({ kind: "invalid_wav" });
    expect(await store().head(recordingBlobKey("tenant_s3", "300099990002"))).toBeUndefined();
  });
});
