// "Delete everything" deletes everything: the deletion first stops the
// tenant's running jobs and waits for them, removes every row of every table
// of tenant data (the list derived from the schema) and every blob, reports it
// in the user's words — and no job recreates anything afterwards. Real
// Postgres, the simulator.
import { describe, expect, it } from "vitest";
import { blobStore } from "../blob/blob-store-from-env";
import { tenantBlobPrefix } from "../blob/blob-store";
import { db } from "../db";
import { createBackfill } from "../ingest/backfill/backfill-control";
import { syncCallLog } from "../ingest/call-log/sync-call-log";
import { recordDeadLetter } from "../ingest/dead-letters";
import { forgetCampaignCallsJob } from "../ingest/forget-campaign-calls";
import { backfillPartJob, backfillRunJob, callLogSyncJob, mediaIngestJob } from "../ingest/ingest-jobs";
import { ingestMedia, MEDIA_STREAM } from "../ingest/media/ingest-media";
import { runWhileTenantOpen } from "../ingest/tenant-gate";
import { retryDeadLetter } from "../ingestion-status/backfill-actions";
import type { JobContext } from "../jobs/define-job";
import { logger } from "../log";
import { createUser } from "../../test/support/fixtures";
import { fastSync, SIM_NOW, simulatorPerFile, tenantWithDomain } from "../../test/support/ingest";
import { cookiesFor } from "../../test/support/sessions";
import { deleteTenantData, JobsStillRunning } from "./delete-tenant-data";
import { describeCounts } from "./deletion-summary";
import { KEPT_MODELS, tenantDataTables, tenantModels } from "./tenant-tables";
import { MODEL_LABELS } from "./deletion-summary";
import { uninstall } from "./uninstall";

const HOUR = 3_600_000;
const ctx = simulatorPerFile({ seed: 43 });
const jobContext = (): JobContext => ({ jobId: "test", log: logger("test"), signal: new AbortController().signal });

async function rowCounts(tenantId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const t of tenantDataTables()) {
    const rows = await db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${t.table}" WHERE "tenantId" = $1`, tenantId);
    counts[t.model] = Number(rows[0]!.n);
  }
  return counts;
}

async function adminOf(tenantId: string) {
  const cookies = await cookiesFor((await createUser({ tenantIds: [tenantId] })).id);
  const slug = (await db().tenant.findUniqueOrThrow({ where: { id: tenantId } })).slug;
  return { cookies, slug };
}

/** A tenant with calls, recordings, transcripts, a dead letter, a backfill and a health run. */
async function tenantWithData() {
  const { sim } = ctx;
  const t = await tenantWithDomain(sim);
  await db().install.update({ where: { tenantId: t.tenantId }, data: { dataKinds: ["call_log", "recordings", "transcripts"] } });
  sim.world.addCalls(t.domain.id, 6, new Date(SIM_NOW - 6 * HOUR), new Date(SIM_NOW - HOUR));
  expect((await syncCallLog(t.tenantId, fastSync(sim))).outcome).toBe("ok");
  await ingestMedia(t.tenantId, { maxCalls: 100 });
  await recordDeadLetter({ tenantId: t.tenantId, kind: "media", itemKey: "X1", five9CallId: "X1", reason: "test" });
  await createBackfill(t.tenantId, { from: new Date(SIM_NOW - 48 * HOUR), to: new Date(SIM_NOW - 24 * HOUR) });
  await db().healthRun.create({ data: { tenantId: t.tenantId, trigger: "test", results: { create: { tenantId: t.tenantId, checkId: "x", title: "X", status: "pass", message: "ok", durationMs: 1 } } } });
  return t;
}

describe("the list of tenant tables", () => {
  it("is derived from the schema: every model with a tenantId is deleted or kept on purpose, and has words for the summary", () => {
    const deleted = tenantDataTables().map((t) => t.model);
    for (const model of tenantModels()) expect(deleted.includes(model) || model in KEPT_MODELS, `${model} is neither deleted nor kept`).toBe(true);
    for (const model of deleted) expect(MODEL_LABELS[model], `${model} has no words for the summary`).toBeDefined();
    expect(deleted).toEqual(expect.arrayContaining(["Call", "CallRecording", "CallTranscript", "DeadLetter", "IngestRun", "SyncCursor", "Backfill", "BackfillPart", "HealthRun", "HealthResult", "Install", "Five9Connection"]));
    // Children before parents.
    const at = (m: string) => deleted.indexOf(m);
    expect(at("CallRecording")).toBeLessThan(at("Call"));
    expect(at("HealthResult")).toBeLessThan(at("HealthRun"));
    expect(at("BackfillPart")).toBeLessThan(at("Backfill"));
  });

  it("speaks the user's words", () => {
    expect(describeCounts({ Call: 289, CallRecording: 72, CallTranscript: 70, HealthRun: 3, DeadLetter: 1, SyncCursor: 0 })).toBe("289 calls, 72 recordings, 70 transcripts, 3 health runs, 1 stuck item");
    expect(describeCounts({ Call: 0 })).toBe("nothing was stored");
  });
});

describe("delete everything", () => {
  it("stops and waits for the running jobs, removes every row and blob, and nothing recreates them", async () => {
    const t = await tenantWithData();
    const before = await rowCounts(t.tenantId);
    expect(before.CallRecording).toBeGreaterThan(0);
    expect(before.CallTranscript).toBeGreaterThan(0);
    const backfillId = (await db().backfill.findFirstOrThrow({ where: { tenantId: t.tenantId } })).id;
    const partId = (await db().backfillPart.findFirstOrThrow({ where: { backfillId } })).id;

    // A media run in flight: it holds the lease, and when the workspace closes it still writes once before letting go (as the old one did).
    let released = 0;
    const inFlight = runWhileTenantOpen(t.tenantId, MEDIA_STREAM, 60_000, async ({ signal }) => {
      await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await recordDeadLetter({ tenantId: t.tenantId, kind: "media", itemKey: "late", reason: "written while stopping" });
      released = Date.now();
      return "stopped";
    });
    await new Promise((resolve) => setTimeout(resolve, 100));

    const admin = await adminOf(t.tenantId);
    const result = await uninstall(admin.cookies, { slug: admin.slug, data: "delete", confirm: admin.slug });
    expect(result.ok).toBe(true);
    const deletionId = result.ok ? result.data.deletionId! : "";
    await deleteTenantData(deletionId, { waitMs: 20_000 });
    const finished = Date.now();
    expect(await inFlight).toEqual({ outcome: "closed" });
    expect(released).toBeGreaterThan(0);
    expect(finished).toBeGreaterThan(released);

    const after = await rowCounts(t.tenantId);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    expect(await blobStore().deleteByPrefix(tenantBlobPrefix(t.tenantId))).toBe(0);
    const deletion = await db().dataDeletion.findUniqueOrThrow({ where: { id: deletionId } });
    const report = deletion.report as { deleted: Record<string, number>; summary: string };
    expect(report.deleted.Call).toBe(before.Call);
    expect(report.deleted.recordingFiles).toBe(before.CallRecording);
    expect(report.summary).toContain(`${before.Call} calls, ${before.CallRecording} recordings, ${before.CallTranscript} transcripts`);
    expect(report.summary).not.toMatch(/CallRecording|HealthRun/);

    // Jobs that were queued before, or come late, stop quietly and recreate nothing.
    await expect(callLogSyncJob.handler({ tenantId: t.tenantId }, jobContext())).resolves.toEqual({ outcome: "closed" });
    await expect(mediaIngestJob.handler({ tenantId: t.tenantId }, jobContext())).resolves.toEqual({ outcome: "closed" });
    await expect(backfillRunJob.handler({ backfillId }, jobContext())).resolves.toEqual({ outcome: "gone" });
    await expect(backfillPartJob.handler({ partId }, jobContext())).resolves.toEqual({ outcome: "gone" });
    await forgetCampaignCallsJob.handler({ tenantId: t.tenantId, campaigns: ["Inbound Sales"] }, jobContext());
    expect(Object.entries(await rowCounts(t.tenantId)).filter(([, n]) => n > 0)).toEqual([]);
  }, 120_000);

  it("waits only so long for a job that does not stop, then fails to be retried; the retry finishes", async () => {
    const t = await tenantWithDomain(ctx.sim);
    let letGo!: () => void;
    const stubborn = runWhileTenantOpen(t.tenantId, MEDIA_STREAM, 60_000, () => new Promise<string>((resolve) => (letGo = () => resolve("done"))));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const deletion = await db().dataDeletion.create({ data: { tenantId: t.tenantId } });
    await db().tenant.update({ where: { id: t.tenantId }, data: { status: "uninstalled" } });
    await expect(deleteTenantData(deletion.id, { waitMs: 500 })).rejects.toBeInstanceOf(JobsStillRunning);
    expect(await db().install.count({ where: { tenantId: t.tenantId } })).toBe(1);
    letGo();
    await stubborn;
    await deleteTenantData(deletion.id, { waitMs: 500 });
    expect(await db().install.count({ where: { tenantId: t.tenantId } })).toBe(0);
  });

  it("a dead letter's retry is refused, saying why, once the workspace has no Five9 user or is uninstalled", async () => {
    const t = await tenantWithDomain(ctx.sim);
    await recordDeadLetter({ tenantId: t.tenantId, kind: "media", itemKey: "C1", five9CallId: "C1", reason: "test" });
    const letter = await db().deadLetter.findFirstOrThrow({ where: { tenantId: t.tenantId } });
    const admin = await adminOf(t.tenantId);
    await db().supervisorCredential.deleteMany({ where: { tenantId: t.tenantId } });
    const noUser = await retryDeadLetter(admin.cookies, { slug: admin.slug, deadLetterId: letter.id });
    expect(noUser.ok ? null : noUser.error.message).toMatch(/no Five9 user saved/);
    await db().tenant.update({ where: { id: t.tenantId }, data: { status: "uninstalled" } });
    const uninstalled = await retryDeadLetter(admin.cookies, { slug: admin.slug, deadLetterId: letter.id });
    expect(uninstalled.ok ? null : uninstalled.error.message).toMatch(/not installed/);
    expect(await db().backfill.count({ where: { tenantId: t.tenantId } })).toBe(0);
    expect((await db().deadLetter.findUniqueOrThrow({ where: { id: letter.id } })).attempts).toBe(1);
  });
});
