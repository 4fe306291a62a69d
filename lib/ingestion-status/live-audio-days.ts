// Live-audio completeness per local day (the Five9 domain's time zone), one
// aggregate query: of the calls Loris expected to stream, how many arrived
// complete, complete after gap repair, still with gaps, or not at all.
// "Expected" = a call from the call log (not one only the stream knows) that
// an agent took, of a chosen campaign, started while the tenant's VoiceStream
// subscription was on (validated, not disabled). Calls still streaming or not
// yet finalised are not counted.
import { db } from "../db";
import { domainTimeZoneOf } from "../five9/domain-time-zone";

export interface LiveAudioDay {
  day: string;
  complete: number;
  repaired: number;
  gaps: number;
  missing: number;
}

export interface LiveAudioDays {
  timeZone: string;
  days: LiveAudioDay[];
}

/** Null when the tenant does not use live audio. */
export async function liveAudioDays(tenantId: string, days = 30, now = new Date()): Promise<LiveAudioDays | null> {
  const tenant = await db().tenant.findUnique({ where: { id: tenantId }, select: { five9TimeZone: true, install: { select: { dataKinds: true } }, voiceStream: { select: { id: true } } } });
  if (!tenant?.install?.dataKinds.includes("live_audio") && !tenant?.voiceStream) return null;
  const timeZone = domainTimeZoneOf(tenant);
  const [{ today } = { today: now.toISOString().slice(0, 10) }] = await db().$queryRaw<{ today: string }[]>`SELECT to_char((${now}::timestamptz AT TIME ZONE ${timeZone})::date, 'YYYY-MM-DD') AS today`;
  const first = new Date(`${today}T00:00:00Z`);
  first.setUTCDate(first.getUTCDate() - (days - 1));
  const firstDay = first.toISOString().slice(0, 10);
  const rows = await db().$queryRaw<{ day: string; complete: bigint; repaired: bigint; gaps: bigint; missing: bigint }[]>`
    WITH calls AS (
      SELECT to_char(((c."startedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${timeZone})::date, 'YYYY-MM-DD') AS day,
             la.legs, la.gap_ms, la.repaired_ms,
             EXISTS (SELECT 1 FROM "StreamSession" s WHERE s."callId" = c.id) AS streamed,
             (c.raw <> '{}'::jsonb AND c."agentUsername" IS NOT NULL AND coalesce(c.raw->>'ABANDONED', '0') <> '1'
               AND (cardinality(i.campaigns) = 0 OR c.campaign = ANY (i.campaigns))
               AND v.id IS NOT NULL AND c."startedAt" >= coalesce(v."validatedAt", v."createdAt")
               AND (v."disabledAt" IS NULL OR c."startedAt" < v."disabledAt")) AS expected
      FROM "Call" c
      LEFT JOIN "Install" i ON i."tenantId" = c."tenantId"
      LEFT JOIN "VoiceStreamSubscription" v ON v."tenantId" = c."tenantId"
      LEFT JOIN LATERAL (
        SELECT count(*) AS legs, sum(a."gapMs") AS gap_ms, sum(a."repairedMs") AS repaired_ms
        FROM "LiveAudio" a WHERE a."callId" = c.id AND a.leg <> 'conversation'
      ) la ON true
      WHERE c."tenantId" = ${tenantId}
        AND c."startedAt" >= ((${firstDay}::date)::timestamp AT TIME ZONE ${timeZone}) AT TIME ZONE 'UTC' - interval '1 day'
    )
    SELECT day,
           count(*) FILTER (WHERE legs > 0 AND gap_ms = 0) AS complete,
           count(*) FILTER (WHERE legs > 0 AND gap_ms > 0 AND repaired_ms >= gap_ms) AS repaired,
           count(*) FILTER (WHERE legs > 0 AND repaired_ms < gap_ms) AS gaps,
           count(*) FILTER (WHERE legs = 0 AND NOT streamed AND expected) AS missing
    FROM calls WHERE day >= ${firstDay} GROUP BY day ORDER BY day`;
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return {
    timeZone,
    days: Array.from({ length: days }, (_, k) => {
      const d = new Date(first.getTime() + k * 86_400_000).toISOString().slice(0, 10);
      const r = byDay.get(d);
      return { day: d, complete: Number(r?.complete ?? 0), repaired: Number(r?.repaired ?? 0), gaps: Number(r?.gaps ?? 0), missing: Number(r?.missing ?? 0) };
    }),
  };
}
