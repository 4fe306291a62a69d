// The live-audio health checks, measured from the receiver's StreamSession
// rows of the last 24 hours (scoped to the tenant): a stream seen recently,
// time to first audio (p95), legs dropped by an error, and seconds of audio
// missing per hour streamed. Each says what to do when it is not green; all
// are "Not used" when the admin did not choose live audio.
import type { HealthStatus } from "@prisma/client";
import { db } from "../db";
import { timeAgo } from "../time-ago";

export interface LiveVerdict {
  status: HealthStatus;
  message: string;
  fixHint?: string;
}

export const LIVE_WINDOW_MS = 24 * 3_600_000;
/** Time to first audio, p95: above these it is a warning / a failure (Five9 gives up waiting for START after a few seconds). */
export const TTFA_WARN_MS = 1_500;
export const TTFA_FAIL_MS = 4_000;
/** Share of legs ended by an error. */
export const DROP_WARN = 0.02;
export const DROP_FAIL = 0.1;
/** Missing (unrepaired) seconds per hour of streamed audio. */
export const GAP_WARN_S_PER_H = 5;
export const GAP_FAIL_S_PER_H = 60;

/** End statuses that mean the leg was lost, not finished: Five9's errors, a cut stream, a receiver that died, a leg we ended (sent while paused, went silent). */
export const DROPPED_END = ["cut", "receiver_lost", "overrun", "idle_timeout"];
const DROPPED_PREFIX = "client_error:";

const NOT_USED: LiveVerdict = { status: "skipped", message: "Not used: live audio is not among the data this workspace takes." };
const nothingYet = (what: string): LiveVerdict => ({ status: "skipped", message: `No live call in the last 24 hours to measure ${what} on.` });
const pct = (x: number) => `${(x * 100).toFixed(x < 0.1 ? 1 : 0)} %`;

export function liveAudioChosen(install: { dataKinds: string[] } | null): boolean {
  return Boolean(install?.dataKinds.includes("live_audio"));
}

export async function streamSeenHealth(tenantId: string, install: { dataKinds: string[] } | null, now = Date.now()): Promise<LiveVerdict> {
  if (!liveAudioChosen(install)) return NOT_USED;
  const since = new Date(now - LIVE_WINDOW_MS);
  const [last, events] = await Promise.all([
    db().streamSession.findFirst({ where: { tenantId }, orderBy: { configAt: "desc" }, select: { configAt: true } }),
    db().callEvent.count({ where: { tenantId, receivedAt: { gt: since } } }),
  ]);
  if (last && last.configAt > since) return { status: "pass", message: `Five9 last opened a live audio stream ${timeAgo(last.configAt, now)}.` };
  if (events > 0) {
    return {
      status: "fail",
      message: `Five9 sent ${events} call event${events === 1 ? "" : "s"} in the last 24 hours but opened no audio stream${last ? ` since ${timeAgo(last.configAt, now)}` : ""}.`,
      fixHint: "Five9 cannot reach Loris's gRPC endpoint: check the endpoint in the VoiceStream subscription in Five9's Admin Console matches the one shown in the Live audio step, and that the subscription covers the campaigns chosen here.",
    };
  }
  return {
    status: "warn",
    message: last ? `No live audio stream for a while: the last one came ${timeAgo(last.configAt, now)}.` : "No live audio stream has arrived yet.",
    fixHint: "Nothing to do if no calls were taken in the chosen campaigns; otherwise check the VoiceStream subscription in Five9's Admin Console (active, gRPC endpoint, campaigns).",
  };
}

export async function timeToFirstAudioHealth(tenantId: string, install: { dataKinds: string[] } | null, now = Date.now()): Promise<LiveVerdict> {
  if (!liveAudioChosen(install)) return NOT_USED;
  const rows = await db().$queryRaw<{ p95: number | null; n: bigint }[]>`
    SELECT percentile_cont(0.95) WITHIN GROUP (ORDER BY "timeToFirstAudioMs") AS p95, count("timeToFirstAudioMs") AS n
    FROM "StreamSession" WHERE "tenantId" = ${tenantId} AND "configAt" > ${new Date(now - LIVE_WINDOW_MS)} AND "timeToFirstAudioMs" IS NOT NULL`;
  const n = Number(rows[0]?.n ?? 0);
  const p95 = rows[0]?.p95;
  if (!n || p95 === null || p95 === undefined) return nothingYet("the time to first audio");
  const said = `95 % of ${n} stream${n === 1 ? "" : "s"} had their first audio within ${Math.round(p95)} ms of opening (last 24 hours).`;
  const hint = "Loris sends START only once the leg's storage is open: a slow database or blob store delays it. Check the VoiceStream receiver's /healthz and the storage's latency; if Five9 itself is slow, contact Five9 support.";
  if (p95 > TTFA_FAIL_MS) return { status: "fail", message: `${said} Five9 gives up after a few seconds, so calls lose their start.`, fixHint: hint };
  if (p95 > TTFA_WARN_MS) return { status: "warn", message: said, fixHint: hint };
  return { status: "pass", message: said };
}

export async function dropRateHealth(tenantId: string, install: { dataKinds: string[] } | null, now = Date.now()): Promise<LiveVerdict> {
  if (!liveAudioChosen(install)) return NOT_USED;
  // A leg's last segment tells how it ended (an earlier one may have ended for a reconnect that then continued).
  const rows = await db().$queryRaw<{ legs: bigint; dropped: bigint }[]>`
    WITH last AS (
      SELECT DISTINCT ON ("callId", leg) "endStatus" FROM "StreamSession"
      WHERE "tenantId" = ${tenantId} AND "endedAt" > ${new Date(now - LIVE_WINDOW_MS)}
      ORDER BY "callId", leg, segment DESC
    )
    SELECT count(*) AS legs, count(*) FILTER (WHERE "endStatus" = ANY(${DROPPED_END}) OR "endStatus" LIKE ${`${DROPPED_PREFIX}%`}) AS dropped FROM last`;
  const legs = Number(rows[0]?.legs ?? 0);
  const dropped = Number(rows[0]?.dropped ?? 0);
  if (legs === 0) return nothingYet("dropped streams");
  const rate = dropped / legs;
  const said = `${dropped} of ${legs} call leg${legs === 1 ? "" : "s"} (${pct(rate)}) ended by an error or a cut connection in the last 24 hours.`;
  const hint = "Check the network path between Five9 and Loris's gRPC endpoint (load balancer idle timeouts, proxies that cut long HTTP/2 streams) and the VoiceStream receiver's logs; cut legs are repaired from the recording when it arrives.";
  if (rate >= DROP_FAIL) return { status: "fail", message: said, fixHint: hint };
  if (rate >= DROP_WARN) return { status: "warn", message: said, fixHint: hint };
  return { status: "pass", message: said };
}

export async function gapHealth(tenantId: string, install: { dataKinds: string[] } | null, now = Date.now()): Promise<LiveVerdict> {
  if (!liveAudioChosen(install)) return NOT_USED;
  const since = new Date(now - LIVE_WINDOW_MS);
  const rows = await db().$queryRaw<{ audio_ms: number | null; gap_ms: number | null }[]>`
    SELECT
      (SELECT COALESCE(sum(bytes), 0)::float8 / 16 FROM "StreamSession" WHERE "tenantId" = ${tenantId} AND "configAt" > ${since}) AS audio_ms,
      (SELECT COALESCE(sum(GREATEST((g->>'toMs')::float8 - (g->>'fromMs')::float8, 0)), 0) FROM "StreamSession" s, jsonb_array_elements(CASE WHEN jsonb_typeof(s.gaps) = 'array' THEN s.gaps ELSE '[]'::jsonb END) g
        WHERE s."tenantId" = ${tenantId} AND s."configAt" > ${since} AND COALESCE(g->>'repaired', 'false') <> 'true') AS gap_ms`;
  const audioMs = rows[0]?.audio_ms ?? 0;
  const gapMs = rows[0]?.gap_ms ?? 0;
  if (audioMs + gapMs <= 0) return nothingYet("gaps");
  const perHour = gapMs / 1000 / ((audioMs + gapMs) / 3_600_000);
  const said = `${perHour.toFixed(1)} s of live audio missing per hour streamed (${Math.round(gapMs / 1000)} s in the last 24 hours, not repaired).`;
  const hint = "Gaps come from streams Loris paused (storage falling behind), reconnects and cut connections: check the receiver's /healthz (busFailures, streams) and storage latency. Recordings fill gaps when they arrive.";
  if (perHour > GAP_FAIL_S_PER_H) return { status: "fail", message: said, fixHint: hint };
  if (perHour > GAP_WARN_S_PER_H) return { status: "warn", message: said, fixHint: hint };
  return { status: "pass", message: said };
}
