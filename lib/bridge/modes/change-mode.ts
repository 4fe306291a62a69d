// A bridge mode change, atomically: one transaction that locks the tenant row
// (SELECT … FOR UPDATE), checks the mode is still the one the person saw
// (compare-and-set: two people changing at once → the second is told it
// changed meanwhile), runs the preview on the locked state, refuses what the
// preview refuses, then writes the mode, the BridgeModeChange and the audit
// entry together. Workers read the mode per statement (the media job's batch
// query, the call log upsert) or per job start, so they see it whole.
import type { BridgeMode, BridgeModeChange, Prisma } from "@prisma/client";
import { recordAudit } from "../../audit";
import { db } from "../../db";
import { AppError } from "../../errors";
import type { BridgeState } from "./bridge-state";
import { type ChangeRequest, type ModePreview, previewChange } from "./preview";
import { remergeFields } from "./remerge-fields";
import { MODE_LABELS } from "./transitions";

export interface ChangeResult { change: BridgeModeChange; preview: ModePreview }

interface LockedRow { mode: BridgeMode; watermark: Date | null; drainUntil: Date | null; hasExport: boolean }

export async function changeBridgeMode(
  tenantId: string,
  request: ChangeRequest & { expectedMode: BridgeMode },
  actor: { id: string; email: string },
  now = new Date(),
): Promise<ChangeResult> {
  return db().$transaction(
    async (tx) => {
      const [row] = await tx.$queryRaw<LockedRow[]>`
        SELECT t."bridgeMode" AS mode, t."bridgeWatermark" AS watermark, t."bridgeDrainUntil" AS "drainUntil",
          EXISTS (SELECT 1 FROM "LegacyExportSource" l WHERE l."tenantId" = t.id) AS "hasExport"
        FROM "Tenant" t WHERE t.id = ${tenantId} FOR UPDATE OF t`;
      if (!row) throw new AppError("not_found");
      if (row.mode !== request.expectedMode) {
        const last = await tx.bridgeModeChange.findFirst({ where: { tenantId }, orderBy: { at: "desc" } });
        throw new AppError("conflict", `The mode changed meanwhile: it is now ${MODE_LABELS[row.mode]}${last?.actorEmail ? ` (changed by ${last.actorEmail})` : ""}. Look at the new state and preview again.`);
      }
      const state: BridgeState = { mode: row.mode, watermark: row.watermark, drainUntil: row.drainUntil, hasLegacyExport: row.hasExport };
      const preview = await previewChange(tenantId, request, state, tx, now);
      if (preview.refusal) {
        throw new AppError(preview.disagreeing.length ? "conflict" : "validation_failed", preview.refusal, request.to === "cutover" && !preview.disagreeing.length && /watermark/i.test(preview.refusal) ? { fields: { watermark: preview.refusal } } : undefined);
      }
      const watermark = preview.watermark ? new Date(preview.watermark) : null;
      const drainUntil = preview.drainUntil ? new Date(preview.drainUntil) : null;
      await tx.tenant.update({ where: { id: tenantId }, data: { bridgeMode: request.to, bridgeWatermark: watermark, bridgeDrainUntil: drainUntil } });
      // The authority moved for some calls: their merged fields follow it (a rollback gives files' values back).
      await remergeFields(tenantId, tx);
      const snapshot = JSON.parse(JSON.stringify({ counts: preview.counts, days: preview.days, effects: preview.effects })) as Prisma.InputJsonValue;
      const change = await tx.bridgeModeChange.create({ data: { tenantId, fromMode: row.mode, toMode: request.to, watermark, drainUntil, actorEmail: actor.email, preview: snapshot, at: now } });
      await recordAudit({ action: `bridge.${preview.name.replace(/ /g, "_")}`, tenantId, actor, target: `${row.mode}→${request.to}`, details: { from: row.mode, to: request.to, watermark: preview.watermark, drainUntil: preview.drainUntil, counts: preview.counts } }, tx);
      return { change, preview };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}
