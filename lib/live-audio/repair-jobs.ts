// The gap repair jobs: one call's repair, and the sweep that queues every
// call whose repair is due (every 5 minutes).
import { blobStore } from "../blob/blob-store-from-env";
import { defineJob } from "../jobs/define-job";
import { liveAudioRepairContract, liveAudioRepairSweepContract } from "../jobs/contracts";
import { enqueueFromWeb } from "../jobs/web-queue";
import { callsDueForRepair } from "./queue-repair";
import { repairCallGaps } from "./repair-call";

export const liveAudioRepairJob = defineJob(liveAudioRepairContract, {
  handler: async ({ callId }) => repairCallGaps(blobStore(), callId),
  concurrency: 2,
});

export const liveAudioRepairSweepJob = defineJob(liveAudioRepairSweepContract, {
  handler: async (_payload, { log }) => {
    const due = await callsDueForRepair({ limit: 500 });
    for (const { callId } of due) await enqueueFromWeb(liveAudioRepairContract, { callId });
    if (due.length) log.info({ queued: due.length }, "gap repairs queued");
    return { queued: due.length };
  },
  schedule: { cron: "*/5 * * * *", payload: {} },
});
