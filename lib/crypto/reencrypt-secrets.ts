// Key rotation: re-seals every secret that is not sealed under the current key.
// Each row is updated only if its sealed values are still the ones read
// (compare-and-set), so a token refresh running at the same time wins and is
// never overwritten with an older token.
import { db } from "../db";
import { defineJob } from "../jobs/define-job";
import { reencryptSecretsContract } from "../jobs/contracts";
import { contextFor, SEALED_FIELDS, type SealedModel } from "./sealed-fields";
import { keyRing, resealIfStale, type KeyRing } from "./secrets";

export interface ReencryptReport {
  examined: number;
  resealed: number;
  skippedChanged: number;
}

type SealedRow = { id: string; tenantId: string } & Record<string, string | null>;

// Prisma delegates share no common type; this is the part of one we use.
interface SealedDelegate {
  findMany(args: { select: Record<string, true>; orderBy: { id: "asc" }; take: number; cursor?: { id: string }; skip?: number }): Promise<SealedRow[]>;
  updateMany(args: { where: Record<string, unknown>; data: Record<string, string> }): Promise<{ count: number }>;
}

const BATCH = 200;

export async function reencryptSecrets(ring: KeyRing = keyRing()): Promise<ReencryptReport> {
  const report: ReencryptReport = { examined: 0, resealed: 0, skippedChanged: 0 };
  for (const model of Object.keys(SEALED_FIELDS) as SealedModel[]) {
    const fields = SEALED_FIELDS[model] as readonly string[];
    const delegate = db()[model] as unknown as SealedDelegate;
    const select = Object.fromEntries(["id", "tenantId", ...fields].map((f) => [f, true as const]));
    let cursor: string | undefined;
    for (;;) {
      const rows = await delegate.findMany({ select, orderBy: { id: "asc" }, take: BATCH, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) });
      if (rows.length === 0) break;
      cursor = rows[rows.length - 1]!.id;
      for (const row of rows) {
        report.examined++;
        const data: Record<string, string> = {};
        for (const field of fields) {
          const sealed = row[field];
          if (!sealed) continue;
          const resealed = resealIfStale(sealed, contextFor(model, row.tenantId, field as never), ring);
          if (resealed) data[field] = resealed;
        }
        if (Object.keys(data).length === 0) continue;
        const unchanged = Object.fromEntries(Object.keys(data).map((f) => [f, row[f]]));
        const { count } = await delegate.updateMany({ where: { id: row.id, ...unchanged }, data });
        if (count === 1) report.resealed++;
        else report.skippedChanged++;
      }
    }
  }
  return report;
}

export const reencryptSecretsJob = defineJob(reencryptSecretsContract, {
  schedule: { cron: "41 4 * * *", payload: {} },
  handler: async (_payload, { log }) => {
    const report = await reencryptSecrets();
    log.info(report, "secrets re-encrypted");
    return report;
  },
});
