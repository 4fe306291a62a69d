// The bridge's server action bodies (tenant admins and support, via
// tenantAction): preview a mode change, confirm it, fill a ledger day's gaps.
// The "use server" files in lib/actions/bridge/ pass Next's cookies.
import { z } from "zod";
import { recordAudit } from "../../audit";
import { tenantAction } from "../../auth/guard";
import { db } from "../../db";
import { AppError } from "../../errors";
import { createBackfill } from "../../ingest/backfill/backfill-control";
import { backfillRunContract, mediaIngestContract } from "../../jobs/contracts";
import { enqueueFromWeb } from "../../jobs/web-queue";
import { addDays, gapSql, localDay, zoneOf } from "../ledger/ledger";
import { bridgeStateOf, fillGapsRefusal } from "./bridge-state";
import { changeBridgeMode } from "./change-mode";
import { previewChange } from "./preview";
import { BRIDGE_MODES } from "./transitions";

const mode = z.enum(BRIDGE_MODES, { message: "Choose a mode" });
const watermark = z.iso.datetime({ offset: true, local: true, message: "Enter the watermark as a date and time" }).optional();

export const modeChangeInput = z.object({
  slug: z.string().min(1),
  to: mode,
  /** The mode the person saw when they previewed (compare-and-set). */
  expectedMode: mode,
  watermark: watermark.or(z.literal("").transform(() => undefined)),
  drainHours: z.preprocess((v) => (v === "" ? undefined : v), z.coerce.number({ message: "Enter the drain period in hours" }).int("Enter whole hours").min(0, "At least 0 hours").max(720, "At most 720 hours (30 days)").optional()),
});

/** A datetime-local value has no zone: it is read as UTC (the UI says so; times for people are UTC: lib/format-time.ts). */
const instant = (value: string | undefined) => (value ? new Date(/[zZ]|[+-]\d\d:\d\d$/.test(value) ? value : `${value}Z`) : undefined);

export const previewBridgeChange = tenantAction(modeChangeInput, async ({ tenant, input }) => {
  const state = await bridgeStateOf(tenant.id);
  const preview = await previewChange(tenant.id, { to: input.to, watermark: instant(input.watermark), drainHours: input.drainHours }, state);
  // The mode the preview was made on: the confirm step sends it back as expectedMode.
  return { ...preview, currentMode: state.mode };
});

export const changeBridgeModeAction = tenantAction(modeChangeInput, async ({ viewer, tenant, input }) => {
  const { change, preview } = await changeBridgeMode(tenant.id, { to: input.to, expectedMode: input.expectedMode, watermark: instant(input.watermark), drainHours: input.drainHours }, viewer);
  return { mode: change.toMode, watermark: change.watermark?.toISOString() ?? null, drainUntil: change.drainUntil?.toISOString() ?? null, effects: preview.effects };
});

/**
 * "Fill the gaps" of one local day (shadow and cutover only: fillGapsRefusal):
 * the day's gaps (ledger.ts gapSql: a recording expected, none from any
 * source) are fetched again from the API (their media check cleared, a media
 * run queued) and the day's call log is read again as a backfill (calls the
 * log missed).
 */
export const fillLedgerGaps = tenantAction(z.object({ slug: z.string().min(1), day: z.iso.date({ message: "Choose a day" }) }), async ({ viewer, tenant, input }) => {
  if (!tenant.five9DomainId) throw new AppError("conflict", "Connect a Five9 domain first: filling gaps reads its call log and recordings.");
  const refusal = fillGapsRefusal(await bridgeStateOf(tenant.id));
  if (refusal) throw new AppError("conflict", refusal);
  const zone = zoneOf(tenant);
  if (input.day > localDay(new Date(), zone)) throw new AppError("validation_failed", "That day has not come yet.", { fields: { day: "Choose today or an earlier day." } });
  const [bounds] = await db().$queryRaw<{ lo: Date; hi: Date }[]>`
    SELECT ((${input.day}::date)::timestamp AT TIME ZONE ${zone}) AT TIME ZONE 'UTC' AS lo,
           ((${addDays(input.day, 1)}::date)::timestamp AT TIME ZONE ${zone}) AT TIME ZONE 'UTC' AS hi`;
  const from = bounds!.lo;
  const to = new Date(Math.min(bounds!.hi.getTime(), Date.now()));
  // A gap has no recording at all, so the API may fetch it in shadow and in cutover (before T: no FTP recording).
  const reset = await db().$executeRaw`
    UPDATE "Call" c SET "mediaCheckedAt" = NULL
    WHERE c."tenantId" = ${tenant.id} AND c."startedAt" >= ${from} AND c."startedAt" < ${bounds!.hi} AND ${gapSql("c", new Date())}`;
  const backfill = await createBackfill(tenant.id, { from, to, requestedBy: viewer.email, partMs: to.getTime() - from.getTime() });
  await recordAudit({ action: "bridge.fill_gaps", tenantId: tenant.id, actor: viewer, target: input.day, details: { calls: reset, backfillId: backfill.id } });
  await enqueueFromWeb(backfillRunContract, { backfillId: backfill.id });
  await enqueueFromWeb(mediaIngestContract, { tenantId: tenant.id });
  return { day: input.day, calls: reset, backfillId: backfill.id };
});
