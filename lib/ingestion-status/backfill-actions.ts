// Backfill and dead-letter actions for admins and support: start a backfill
// over a date range (whole UTC days), pause / resume / cancel it, and retry a
// dead letter by re-reading the window it came from. Each is audited.
import { z } from "zod";
import { recordAudit } from "../audit";
import { tenantAction } from "../auth/guard";
import { db } from "../db";
import { AppError } from "../errors";
import { cancelBackfill, createBackfill, pauseBackfill, resumeBackfill } from "../ingest/backfill/backfill-control";
import { enqueueFromWeb } from "../jobs/web-queue";
import { backfillRunContract, mediaIngestContract } from "../jobs/contracts";

const day = (message: string) => z.iso.date({ message });

export const startBackfillInput = z.object({
  slug: z.string().min(1),
  from: day("Choose the first day"),
  to: day("Choose the last day"),
});

export const startBackfill = tenantAction(startBackfillInput, async ({ viewer, tenant, input }) => {
  if (!tenant.five9DomainId) throw new AppError("conflict", "Connect a Five9 domain first: a backfill reads its call log.");
  const from = new Date(`${input.from}T00:00:00Z`);
  const to = new Date(new Date(`${input.to}T00:00:00Z`).getTime() + 86_400_000);
  if (to.getTime() > Date.now() + 86_400_000) throw new AppError("validation_failed", "A backfill cannot reach into the future.", { fields: { to: "Choose today or an earlier day." } });
  if (to <= from) throw new AppError("validation_failed", "The last day must not be before the first.", { fields: { to: "Choose a last day on or after the first day." } });
  const backfill = await createBackfill(tenant.id, { from, to: new Date(Math.min(to.getTime(), Date.now())), requestedBy: viewer.email });
  await recordAudit({ action: "backfill.created", tenantId: tenant.id, actor: viewer, target: backfill.id, details: { from: input.from, to: input.to, parts: backfill.totalParts } });
  await enqueueFromWeb(backfillRunContract, { backfillId: backfill.id });
  return { backfillId: backfill.id };
});

const CONTROLS = { pause: pauseBackfill, resume: resumeBackfill, cancel: cancelBackfill } as const;

export const controlBackfill = tenantAction(
  z.object({ slug: z.string().min(1), backfillId: z.string().min(1).max(40), command: z.enum(["pause", "resume", "cancel"]) }),
  async ({ viewer, tenant, input }) => {
    const backfill = await CONTROLS[input.command](tenant.id, input.backfillId);
    await recordAudit({ action: `backfill.${input.command}`, tenantId: tenant.id, actor: viewer, target: backfill.id });
    if (input.command === "resume") await enqueueFromWeb(backfillRunContract, { backfillId: backfill.id });
    return { status: backfill.status };
  },
);

const ISO_WINDOW = /(\d{4}-\d\d-\d\dT[\d:.]+Z)–(\d{4}-\d\d-\d\dT[\d:.]+Z)/;

/** The call log window a dead letter came from, if it says. */
export function windowOf(deadLetter: { itemKey: string; reason: string; windowFrom?: Date | null; windowTo?: Date | null }): { from: Date; to: Date } | null {
  if (deadLetter.windowFrom && deadLetter.windowTo) return { from: deadLetter.windowFrom, to: deadLetter.windowTo };
  const match = ISO_WINDOW.exec(deadLetter.itemKey) ?? ISO_WINDOW.exec(deadLetter.reason);
  return match ? { from: new Date(match[1]!), to: new Date(match[2]!) } : null;
}

/**
 * Retries a dead letter: a media item on the next media run (queued now), a
 * call log item as a backfill of its window (shown under Backfills). Taken
 * with a compare-and-set on the row (attempts > 0 → 0, "a retry is queued"),
 * so a double click retries once and audits once; the second answers what the
 * first started.
 */
export const retryDeadLetter = tenantAction(z.object({ slug: z.string().min(1), deadLetterId: z.string().min(1).max(40) }), async ({ viewer, tenant, input }) => {
  const deadLetter = await db().deadLetter.findFirst({ where: { id: input.deadLetterId, tenantId: tenant.id, resolvedAt: null } });
  if (!deadLetter) throw new AppError("not_found", "This item is no longer waiting for a retry.");
  // A retry reads Five9 again: refused where Loris can no longer do that, with what to do instead.
  if (tenant.status === "uninstalled") throw new AppError("conflict", "Loris is not installed in this workspace, so nothing can be retried. Install Loris again to read Five9 again.");
  if (!(await db().supervisorCredential.count({ where: { tenantId: tenant.id } }))) throw new AppError("conflict", "Loris has no Five9 user saved for this workspace, so it cannot read Five9 again. Save one in the install wizard's History access step, then retry.");
  const window = deadLetter.kind === "media" ? null : windowOf(deadLetter);
  if (deadLetter.kind !== "media" && !window) throw new AppError("conflict", "Loris does not know which part of the call log this item came from; start a backfill over the day of the call instead.");
  const claimed = await db().deadLetter.updateMany({ where: { id: deadLetter.id, tenantId: tenant.id, resolvedAt: null, attempts: { gt: 0 } }, data: { attempts: 0 } });
  if (claimed.count === 0) return { kind: deadLetter.kind === "media" ? ("media" as const) : ("backfill" as const), backfillId: null, alreadyQueued: true };
  try {
    if (deadLetter.kind === "media") {
      // Fetch the call's recording and transcript again on the next media run (now).
      await db().call.updateMany({ where: { tenantId: tenant.id, five9CallId: deadLetter.itemKey }, data: { mediaCheckedAt: null } });
      await recordAudit({ action: "dead_letter.retried", tenantId: tenant.id, actor: viewer, target: deadLetter.itemKey, details: { kind: deadLetter.kind } });
      await enqueueFromWeb(mediaIngestContract, { tenantId: tenant.id });
      return { kind: "media" as const, backfillId: null, alreadyQueued: false };
    }
    const backfill = await createBackfill(tenant.id, { from: window!.from, to: window!.to, requestedBy: viewer.email, partMs: window!.to.getTime() - window!.from.getTime() });
    await recordAudit({ action: "dead_letter.retried", tenantId: tenant.id, actor: viewer, target: deadLetter.itemKey, details: { kind: deadLetter.kind, backfillId: backfill.id } });
    await enqueueFromWeb(backfillRunContract, { backfillId: backfill.id });
    return { kind: "backfill" as const, backfillId: backfill.id, alreadyQueued: false };
  } catch (error) {
    // Nothing was started: the item waits for a retry again.
    await db().deadLetter.updateMany({ where: { id: deadLetter.id, attempts: 0 }, data: { attempts: deadLetter.attempts } });
    throw error;
  }
});
