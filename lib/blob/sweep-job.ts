// Hourly: remove upload temp files a killed worker left behind in the file
// store (older than a day, so no live upload is touched). S3 buckets use a
// lifecycle rule for abandoned multipart uploads instead (lib/blob/README.md).
import { defineJob } from "../jobs/define-job";
import { sweepBlobTempContract } from "../jobs/contracts";
import { blobStore } from "./blob-store-from-env";
import { FsBlobStore } from "./fs-blob-store";

const STALE_MS = 24 * 3_600_000;

export const sweepBlobTempJob = defineJob(sweepBlobTempContract, {
  schedule: { cron: "17 * * * *", payload: {} },
  handler: async (_payload, { log }) => {
    const store = blobStore();
    if (!(store instanceof FsBlobStore)) return { removed: 0 };
    const removed = await store.removeStaleTemp(STALE_MS);
    if (removed > 0) log.info({ removed }, "abandoned upload temp files removed");
    return { removed };
  },
});
