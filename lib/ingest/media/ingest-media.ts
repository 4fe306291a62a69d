// Brings in the recordings and transcripts of stored calls, a batch at a time:
// calls of the last day first (live traffic must not wait behind a backfill of
// months), then the oldest history; one recording listing over the batch's time
// span, then a few recordings streamed to the blob store at once and each
// transcript stored. A call that just failed rests before it is tried again.
// A call the listing does not hold (abandoned, not recorded) is marked done;
// a download that keeps failing becomes a dead letter; a refusal that retrying
// cannot fix (credentials, migrated domain) stops the stream with the reason.
import { Prisma, type Call } from "@prisma/client";
import { blobStore } from "../../blob/blob-store-from-env";
import type { BlobStore } from "../../blob/blob-store";
import { forEachConcurrently } from "../../concurrency";
import { db } from "../../db";
import type { Five9Region } from "../../five9/endpoints";
import { isPermanentFive9Error } from "../../five9/errors";
import { savedSupervisorLogin } from "../../five9/supervisor-credential";
import { queueLiveAudioRepair } from "../../live-audio/queue-repair";
import { logger } from "../../log";
import { apiMediaWhere, bridgeStateOf } from "../../bridge/modes/bridge-state";
import { campaignFilterFor } from "../campaign-filter";
import { recordDeadLetter, resolveDeadLetters } from "../dead-letters";
import { downloadRecording } from "../recordings/download-recording";
import { IngestError, mediaFailureReason } from "../recordings/ingest-error";
import { listRecordings, type RecordingItem } from "../recordings/list-recordings";
import { SupervisorClient } from "../recordings/supervisor-client";
import { clearStop, getCursor, stopStream } from "../sync-cursor";
import { fetchTranscript } from "../transcripts/fetch-transcript";

export const MEDIA_STREAM = "media";
/** After this many failed tries a call's media is given up on (its dead letter stays open for a retry). */
const MAX_ATTEMPTS = 5;
/** Calls younger than this may not be listed yet: Five9 publishes recordings after the call ends. */
const SETTLE_MS = 2 * 60_000;
/** Calls this young are "recent": fetched before any older history. */
const RECENT_MS = 24 * 3_600_000;
/** A call whose media just failed waits this long (doubling with each failure) before the next try. */
const RETRY_REST_MS = 2 * 60_000;
/** Downloads in flight at once for one tenant. */
const DEFAULT_CONCURRENCY = 4;

export interface MediaTotals { calls: number; recordings: number; transcripts: number; none: number; failed: number }

export interface IngestMediaOptions {
  signal?: AbortSignal;
  maxCalls?: number;
  concurrency?: number;
  store?: BlobStore;
  client?: SupervisorClient;
  /** "Now" for which calls are recent or settled (tests pass the simulator's time). */
  now?: number;
}

/**
 * The next calls to fetch media for, as groups listed separately: the last
 * day's calls first, the rest of the batch from the oldest history (so a
 * backfill moves on while live calls keep arriving). Calls resting after a
 * failure are skipped.
 */
async function nextCalls(tenantId: string, take: number, now: number): Promise<Call[][]> {
  // Only calls of the chosen campaigns (calls kept from a campaign unticked since get no new media).
  const { callWhere } = await campaignFilterFor(tenantId);
  // Only calls the API path runs for under the tenant's bridge mode (legacy: none; cutover before T: only what the FTP export lacks).
  const bridge = apiMediaWhere(await bridgeStateOf(tenantId));
  if (!bridge) return [];
  const failing = await db().deadLetter.findMany({ where: { tenantId, kind: "media", resolvedAt: null, attempts: { gt: 0 } }, select: { itemKey: true, attempts: true, lastFailedAt: true } });
  const resting = failing.filter((l) => Date.now() - l.lastFailedAt.getTime() < restMs(l.attempts)).map((l) => l.itemKey);
  const pending = (startedAt: { gte?: Date; lt: Date }, n: number) =>
    db().call.findMany({ where: { tenantId, mediaCheckedAt: null, startedAt, ...callWhere, AND: [bridge], ...(resting.length ? { five9CallId: { notIn: resting } } : {}) }, orderBy: { startedAt: "asc" }, take: n });
  const recent = await pending({ gte: new Date(now - RECENT_MS), lt: new Date(now - SETTLE_MS) }, take);
  const history = recent.length < take ? await pending({ lt: new Date(now - RECENT_MS) }, take - recent.length) : [];
  return [recent, history].filter((group) => group.length > 0);
}

/** How long a call rests after its n-th failure: 2, 4, 8, 16 min — an outage of half an hour does not give up on a backlog. */
const restMs = (failures: number) => RETRY_REST_MS * 2 ** Math.max(0, failures - 1);

type MediaSource = NonNullable<Awaited<ReturnType<typeof mediaSource>>>;
const supervisorClientOf = (source: MediaSource) => new SupervisorClient({ region: source.region, credentials: source.login });

/** A Supervisor client with the tenant's saved login, or undefined when media cannot be fetched yet. */
async function supervisorClientFor(tenantId: string): Promise<SupervisorClient | undefined> {
  const source = await mediaSource(tenantId);
  return source ? supervisorClientOf(source) : undefined;
}

async function mediaSource(tenantId: string) {
  const install = await db().install.findUnique({ where: { tenantId } });
  const login = await savedSupervisorLogin(tenantId);
  const wants = { recordings: Boolean(install?.dataKinds.includes("recordings")), transcripts: Boolean(install?.dataKinds.includes("transcripts")) };
  if (!install?.region || !login || !(wants.recordings || wants.transcripts)) return null;
  return { region: install.region as Five9Region, login, wants };
}

/** The call's row went away while its media was fetched (its campaign's calls or the tenant's data were deleted). */
const isCallGone = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && (error.code === "P2003" || error.code === "P2025");

/** Stores what the call lacks; "gone" when the call was deleted meanwhile (nothing is left behind, no dead letter). */
async function storeOne(tenantId: string, call: Call, item: RecordingItem | undefined, ctx: { client: SupervisorClient; store: BlobStore; wants: { recordings: boolean; transcripts: boolean }; signal?: AbortSignal }, totals: MediaTotals): Promise<"stored" | "gone"> {
  if (!item) {
    totals.none++;
    return "stored";
  }
  // Only the API's own recording and transcript count here: an FTP copy is kept beside each, not instead of it.
  const has = await db().call.findUnique({ where: { id: call.id }, select: { recordings: { where: { source: "api" }, select: { id: true } }, transcripts: { where: { source: "api" }, select: { id: true } } } });
  if (!has) return "gone";
  if (ctx.wants.recordings && has.recordings.length === 0) {
    const file = await downloadRecording({ client: ctx.client, store: ctx.store, tenantId, callId: call.id, recording: { callId: item.callId, recordingPath: item.recordingPath, sizeBytes: item.sizeBytes }, signal: ctx.signal });
    try {
      await db().callRecording.upsert({
        where: { callId_source: { callId: call.id, source: "api" } },
        create: { tenantId, callId: call.id, source: "api", blobKey: file.blobKey, sha256: file.sha256, bytes: BigInt(file.bytes), durationMs: file.durationMs, contentType: file.contentType },
        update: { blobKey: file.blobKey, sha256: file.sha256, bytes: BigInt(file.bytes), durationMs: file.durationMs, contentType: file.contentType, storedAt: new Date() },
      });
    } catch (error) {
      if (!isCallGone(error)) throw error;
      await ctx.store.delete(file.blobKey);
      return "gone";
    }
    totals.recordings++;
    await queueLiveAudioRepair(call.id); // the stream's gaps can be filled now (lib/live-audio)
  }
  if (ctx.wants.transcripts && has.transcripts.length === 0 && item.transcriptPath) {
    const transcript = await fetchTranscript({ client: ctx.client, callId: item.callId, transcriptPath: item.transcriptPath, signal: ctx.signal });
    const segments = transcript.segments.map((s) => ({ ...s }));
    try {
      await db().callTranscript.upsert({ where: { callId_source: { callId: call.id, source: "api" } }, create: { tenantId, callId: call.id, source: "api", segments }, update: { segments, storedAt: new Date() } });
    } catch (error) {
      if (isCallGone(error)) return "gone";
      throw error;
    }
    totals.transcripts++;
  }
  return "stored";
}

export async function ingestMedia(tenantId: string, options: IngestMediaOptions = {}): Promise<{ outcome: "ok" | "idle" | "stopped" | "not_ready"; totals: MediaTotals }> {
  const log = logger("ingest.media").child({ tenantId });
  const totals: MediaTotals = { calls: 0, recordings: 0, transcripts: 0, none: 0, failed: 0 };
  const source = await mediaSource(tenantId);
  if (!source) return { outcome: "not_ready", totals };
  const cursor = await getCursor(tenantId, MEDIA_STREAM);
  if (cursor.stoppedAt) {
    // Stopped until the admin saves the Five9 user again (the fix the health check asks for).
    const cred = await db().supervisorCredential.findUnique({ where: { tenantId }, select: { updatedAt: true } });
    if (!cred || cred.updatedAt <= cursor.stoppedAt) return { outcome: "stopped", totals };
    await clearStop(tenantId, MEDIA_STREAM);
  }
  const groups = await nextCalls(tenantId, options.maxCalls ?? 25, options.now ?? Date.now());
  if (groups.length === 0) return { outcome: "idle", totals };
  const client = options.client ?? supervisorClientOf(source);
  const store = options.store ?? blobStore();
  // A refusal retrying cannot fix stops the downloads in flight too (no dead letters for them).
  const refused = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, refused.signal]) : refused.signal;
  try {
    for (const calls of groups) {
      const from = new Date(calls[0]!.startedAt.getTime() - 60_000);
      const to = new Date(calls.at(-1)!.startedAt.getTime() + 60_000);
      const listing = await listRecordings({ client, from, to, signal });
      const byCall = new Map(listing.items.map((i) => [i.callId, i]));
      await forEachConcurrently(calls, options.concurrency ?? DEFAULT_CONCURRENCY, async (call) => {
        signal.throwIfAborted();
        totals.calls++;
        try {
          if ((await storeOne(tenantId, call, byCall.get(call.five9CallId), { client, store, wants: source.wants, signal }, totals)) === "gone") return;
          await db().call.updateMany({ where: { id: call.id }, data: { mediaCheckedAt: new Date() } });
          await resolveDeadLetters(tenantId, "media", [call.five9CallId]);
        } catch (error) {
          if (error instanceof IngestError && error.permanent) {
            refused.abort(error);
            throw error;
          }
          if (signal.aborted) throw error;
          if (!(await db().call.count({ where: { id: call.id } }))) return;
          totals.failed++;
          const message = error instanceof Error ? error.message : String(error);
          log.warn({ five9CallId: call.five9CallId, err: message }, "call media failed; will retry");
          const attempts = await recordDeadLetter({ tenantId, kind: "media", itemKey: call.five9CallId, five9CallId: call.five9CallId, reason: mediaFailureReason(error), lastError: message });
          if (attempts >= MAX_ATTEMPTS) await db().call.updateMany({ where: { id: call.id }, data: { mediaCheckedAt: new Date() } });
        }
      });
    }
    await db().syncCursor.update({ where: { id: cursor.id }, data: { lastRunAt: new Date(), lastSuccessAt: new Date(), lastError: null } });
    log.info(totals, "call media ingested");
    return { outcome: "ok", totals };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if ((error instanceof IngestError && error.permanent) || isPermanentFive9Error(error)) {
      await stopStream(tenantId, MEDIA_STREAM, error.kind, message);
      log.error({ kind: error.kind, err: message }, "media ingestion stopped");
      return { outcome: "stopped", totals };
    }
    // A shutdown is not a failure of the stream: the next run carries on.
    if (!options.signal?.aborted) await db().syncCursor.update({ where: { id: cursor.id }, data: { lastRunAt: new Date(), lastError: message } });
    throw error;
  }
}

/** One media job works through batches for at most this long, then hands over (other tenants get their turn). */
const MEDIA_RUN_MS = 3 * 60_000;
const MEDIA_BATCH = 50;

export interface DrainMediaOptions {
  signal?: AbortSignal;
  batch?: number;
  runMs?: number;
  now?: () => number;
  /** The batch runner (tests pass a stand-in). */
  ingest?: (tenantId: string, options: IngestMediaOptions) => ReturnType<typeof ingestMedia>;
  /** Called after each batch (the job renews its lease). */
  afterBatch?: () => Promise<void>;
}

/**
 * Runs media batches back to back while they come back full, mostly succeed,
 * and time is left. `more` is true when it stopped for time (or shutdown)
 * with calls still waiting.
 */
export async function drainMedia(tenantId: string, options: DrainMediaOptions = {}) {
  const { batch = MEDIA_BATCH, runMs = MEDIA_RUN_MS, now = Date.now, ingest = ingestMedia } = options;
  const deadline = now() + runMs;
  const totals = { batches: 0, calls: 0, recordings: 0, transcripts: 0, none: 0, failed: 0 };
  // One Supervisor session for every batch of the run (not a login per batch).
  const client = await supervisorClientFor(tenantId);
  for (;;) {
    const result = await ingest(tenantId, { signal: options.signal, maxCalls: batch, client });
    totals.batches++;
    for (const key of ["calls", "recordings", "transcripts", "none", "failed"] as const) totals[key] += result.totals[key];
    await options.afterBatch?.();
    const full = result.outcome === "ok" && result.totals.calls >= batch;
    if (!full) return { outcome: result.outcome, totals, more: false };
    // Most of the batch failed: Five9 or the store is in trouble; the failed calls rest and the scheduler comes back.
    if (result.totals.failed * 2 >= result.totals.calls) return { outcome: result.outcome, totals, more: false };
    if (now() >= deadline || options.signal?.aborted) return { outcome: result.outcome, totals, more: true };
  }
}
