// Calls per local day of the Five9 domain (the same day rule as the bridge
// ledger and live-audio completeness) with completeness and lag, one aggregate query.
import { db } from "../db";
import { domainTimeZoneOf } from "../five9/domain-time-zone";
import { daysBetween, recentRange } from "../bridge/ledger/ledger";

export interface DayStats {
  /** Local day in the domain's zone, YYYY-MM-DD. */
  day: string;
  calls: number;
  withRecording: number;
  /** Calls with a transcript from any source (api or ftp). */
  withTranscript: number;
  /** Median minutes from a call's end to Loris storing it, over calls synced live (stored within a day; backfilled ones would swamp it); null when none. */
  lagMinutes: number | null;
}

/**
 * Calls per local day (the domain's zone, lib/five9/domain-time-zone.ts) over
 * the last `days` days, with completeness and lag. Lag (call end → stored) is
 * the median over calls that ended while Loris was installed: older calls read
 * by the first sync or a backfill are history, not delay, and would drown the
 * live sync's minutes in days.
 */
export interface DailyStats {
  timeZone: string;
  days: DayStats[];
}

export async function dailyStats(tenantId: string, days = 30, now = new Date()): Promise<DailyStats> {
  const timeZone = domainTimeZoneOf(await db().tenant.findUnique({ where: { id: tenantId }, select: { five9TimeZone: true } }));
  const { fromDay, toDay } = recentRange(timeZone, days, now);
  const rows = await db().$queryRaw<{ day: string; calls: bigint; with_recording: bigint; with_transcript: bigint; lag_minutes: number | null }[]>`
    SELECT to_char((c."startedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day,
           count(*) AS calls,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "CallRecording" r WHERE r."callId" = c.id)) AS with_recording,
           count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "CallTranscript" t WHERE t."callId" = c.id)) AS with_transcript,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (c."firstSeenAt" - coalesce(c."endedAt", c."startedAt"))) / 60)
             FILTER (WHERE coalesce(c."endedAt", c."startedAt") >= i."completedAt") AS lag_minutes
    FROM "Call" c
    LEFT JOIN "Install" i ON i."tenantId" = c."tenantId"
    WHERE c."tenantId" = ${tenantId}
      AND c."startedAt" >= ((${fromDay}::date)::timestamp AT TIME ZONE ${timeZone}) AT TIME ZONE 'UTC'
      AND c."startedAt" < (((${toDay}::date + 1))::timestamp AT TIME ZONE ${timeZone}) AT TIME ZONE 'UTC'
    GROUP BY 1 ORDER BY 1`;
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return { timeZone, days: daysBetween(fromDay, toDay).map((day) => {
    const r = byDay.get(day);
    return {
      day,
      calls: Number(r?.calls ?? 0),
      withRecording: Number(r?.with_recording ?? 0),
      withTranscript: Number(r?.with_transcript ?? 0),
      lagMinutes: r?.lag_minutes === null || r?.lag_minutes === undefined ? null : Math.max(0, Math.round(Number(r.lag_minutes))),
    };
  }) };
}
