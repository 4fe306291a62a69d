// The S3 store against s3rver, a real S3 protocol server in-process — not a mock of the SDK.
import { blobStoreContract } from "../../test/support/blob-store-contract";
import { s3BlobStorePerFile } from "../../test/support/s3rver-blob-store";

const store = s3BlobStorePerFile();

// 12 MiB = three 5 MiB parts: exercises CreateMultipartUpload / UploadPart / Complete.
blobStoreContract("s3 (s3rver)", store, { largeBytes: 12 * 1024 * 1024 });
