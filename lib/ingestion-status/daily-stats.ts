// Calls per UTC day with completeness and lag, one aggregate query.
import { db } from "../db";

export interface DayStats {
  day: string;
  calls: number;
  withRecording: number;
  withTranscript: number;
  /** Median minutes from a call's end to Loris storing it, over calls synced live (stored within a day; backfilled ones would swamp it); null when none. */
  lagMinutes: number | null;
}

/**
 * Calls per UTC day over the last `days` days, with completeness and lag.
 * Lag (call end → stored) is the median over calls that ended while Loris was
 * installed: older calls read by the first sync or a backfill are history, not
 * delay, and would drown the live sync's minutes in days.
 */
export async function dailyStats(tenantId: string, days = 30, now = new Date()): Promise<DayStats[]> {
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const rows = await db().$queryRaw<{ day: Date; calls: bigint; with_recording: bigint; with_transcript: bigint; lag_minutes: number | null }[]>`
    SELECT date_trunc('day', c."startedAt" AT TIME ZONE 'UTC') AS day,
           count(*) AS calls,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "CallRecording" r WHERE r."callId" = c.id)) AS with_recording,
           count(t.id) AS with_transcript,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (c."firstSeenAt" - coalesce(c."endedAt", c."startedAt"))) / 60)
             FILTER (WHERE coalesce(c."endedAt", c."startedAt") >= i."completedAt") AS lag_minutes
    FROM "Call" c
    LEFT JOIN "Install" i ON i."tenantId" = c."tenantId"
    LEFT JOIN "CallTranscript" t ON t."callId" = c.id
    WHERE c."tenantId" = ${tenantId} AND c."startedAt" >= ${since}
    GROUP BY 1 ORDER BY 1`;
  const byDay = new Map(rows.map((r) => [r.day.toISOString().slice(0, 10), r]));
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(since.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    const r = byDay.get(day);
    return {
      day,
      calls: Number(r?.calls ?? 0),
      withRecording: Number(r?.with_recording ?? 0),
      withTranscript: Number(r?.with_transcript ?? 0),
      lagMinutes: r?.lag_minutes === null || r?.lag_minutes === undefined ? null : Math.max(0, Math.round(Number(r.lag_minutes))),
    };
  });
}
