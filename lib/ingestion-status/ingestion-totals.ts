// The expensive half of the ingestion status: whole-tenant counts and the
// 30-day per-day aggregation. The page polls every 2 s while a backfill runs,
// so these are computed again only when something that stores data has moved
// (a sync or media run finished, a backfill advanced — the marker) or after
// MAX_AGE_MS, never on every poll. The cheap half (cursor, runs, dead
// letters, backfills) is read fresh each time.
import { db } from "../db";
import { apiMediaWhere, bridgeStateOf } from "../bridge/modes/bridge-state";
import { campaignFilterFor } from "../ingest/campaign-filter";
import { dailyStats, type DayStats } from "./daily-stats";
import { liveAudioDays, type LiveAudioDays } from "./live-audio-days";

export interface IngestionTotals {
  days: DayStats[];
  /** The domain's zone the days are counted in. */
  daysTimeZone: string;
  /** mediaPending: calls whose recording and transcript are still to fetch. */
  totals: { calls: number; withRecording: number; withTranscript: number; mediaPending: number };
  /** Live-audio completeness per local day; null when the tenant does not use live audio. */
  liveAudio: LiveAudioDays | null;
}

/** Longest a total may lag behind a change the marker does not see (e.g. a deletion or a live event). */
export const MAX_AGE_MS = 30_000;
const MAX_TENANTS = 500;

const cache = new Map<string, { marker: string; at: number; value: Promise<IngestionTotals> }>();

/**
 * Calls the API media job will still fetch: only calls of chosen campaigns,
 * and only those the bridge mode lets the API fetch (none in legacy mode;
 * before a cutover's watermark only calls the FTP export lacks) — the job's
 * own filters (lib/ingest/media/ingest-media.ts).
 */
async function mediaPendingCount(tenantId: string): Promise<number> {
  const bridge = apiMediaWhere(await bridgeStateOf(tenantId));
  if (!bridge) return 0;
  const { callWhere } = await campaignFilterFor(tenantId);
  return db().call.count({ where: { tenantId, mediaCheckedAt: null, ...callWhere, AND: [bridge], tenant: { install: { dataKinds: { hasSome: ["recordings", "transcripts"] } } } } });
}

async function computeTotals(tenantId: string, now: Date): Promise<IngestionTotals> {
  const [daily, calls, withRecording, withTranscript, mediaPending, liveAudio] = await Promise.all([
    dailyStats(tenantId, 30, now),
    db().call.count({ where: { tenantId } }),
    // A call with recordings from two sources (api and ftp) is one call with a recording.
    db().call.count({ where: { tenantId, recordings: { some: {} } } }),
    // Likewise a call with transcripts from two sources.
    db().call.count({ where: { tenantId, transcripts: { some: {} } } }),
    mediaPendingCount(tenantId),
    liveAudioDays(tenantId, 30, now),
  ]);
  return { days: daily.days, daysTimeZone: daily.timeZone, totals: { calls, withRecording, withTranscript, mediaPending }, liveAudio };
}

/**
 * The tenant's totals, recomputed when `marker` (what the caller read of the
 * tenant's sync cursors and backfills) or the UTC day changed, or when the
 * cached value is older than MAX_AGE_MS (so a new local day of the domain
 * shows within that age too).
 */
export function ingestionTotals(tenantId: string, marker: string, now = new Date()): Promise<IngestionTotals> {
  const key = `${marker}|${now.toISOString().slice(0, 10)}`;
  const hit = cache.get(tenantId);
  if (hit && hit.marker === key && Date.now() - hit.at < MAX_AGE_MS) return hit.value;
  const entry = { marker: key, at: Date.now(), value: computeTotals(tenantId, now) };
  entry.value.catch(() => { if (cache.get(tenantId) === entry) cache.delete(tenantId); }); // a failed read is not remembered
  cache.delete(tenantId); // re-inserted last: the Map's order is least recently computed first
  cache.set(tenantId, entry);
  if (cache.size > MAX_TENANTS) cache.delete(cache.keys().next().value!);
  return entry.value;
}
