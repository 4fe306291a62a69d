// The completeness ledger: per tenant and local day of the Five9 domain,
// what the call log says to expect against what each source brought (FTP and
// API recordings, FTP and API transcripts, live audio), the legacy files' match states,
// and the gaps (a recording was expected and no source has it after the grace
// period: GAP_GRACE_MS). One grouped SQL
// statement over the days asked for — never a query per call or per day.
import { Prisma } from "@prisma/client";
import { db } from "../../db";
import { DEFAULT_DOMAIN_TIME_ZONE, domainTimeZoneOf } from "../../five9/domain-time-zone";

export interface LedgerDay {
  /** Local day in the domain's zone, YYYY-MM-DD. */
  day: string;
  expected: number;
  ftp: number;
  api: number;
  /** Calls with a transcript from the legacy export (`ftp`), and from the Supervisor API (`api`). */
  ftpTranscript: number;
  apiTranscript: number;
  live: number;
  /** Calls with a recording from one of FTP and API but not the other (what shadow compares). */
  onlyFtp: number;
  onlyApi: number;
  /** Calls the call log says were recorded that no source has a recording of GAP_GRACE_MS after they ended. */
  gaps: number;
  filesMatched: number;
  filesAmbiguous: number;
  filesUnmatched: number;
}

type Client = Prisma.TransactionClient | ReturnType<typeof db>;

const DAY = /^\d{4}-\d\d-\d\d$/;

/** The local day (YYYY-MM-DD) of an instant in a zone. */
export function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d <= to && days.length < 400; d = addDays(d, 1)) days.push(d);
  return days;
}

export const zoneOf = domainTimeZoneOf;

/** How long after a call ends its recording may still be on the way (the export's upload delay, the media job's round) before it is a gap. */
export const GAP_GRACE_MS = 2 * 3_600_000;

/**
 * SQL: the call `c` should have a recording — the call log names one
 * (RECORDINGS); a row without that column (a call only the live stream has
 * reported so far) expects one unless it was abandoned. Abandoned calls have
 * nothing to record, so they are never gaps.
 */
export function expectsRecordingSql(alias: string): Prisma.Sql {
  const raw = Prisma.raw(`${alias}.raw`);
  return Prisma.sql`(CASE WHEN ${raw} ? 'RECORDINGS' THEN COALESCE(${raw}->>'RECORDINGS', '') <> '' ELSE COALESCE(${raw}->>'ABANDONED', '0') <> '1' END)`;
}

/** SQL: `c` is a gap at `now` — a recording was expected, none is stored, and the grace period after the call's end has passed. */
export function gapSql(alias: string, now: Date): Prisma.Sql {
  const c = (column: string) => Prisma.raw(`${alias}."${column}"`);
  return Prisma.sql`(${expectsRecordingSql(alias)} AND COALESCE(${c("endedAt")}, ${c("startedAt")}) < ${new Date(now.getTime() - GAP_GRACE_MS)}
    AND NOT EXISTS (SELECT 1 FROM "CallRecording" gr WHERE gr."callId" = ${c("id")}))`;
}

interface Row { day: string; expected: bigint; ftp: bigint; api: bigint; ftp_transcript: bigint; api_transcript: bigint; live: bigint; only_ftp: bigint; only_api: bigint; gaps: bigint; matched: bigint; ambiguous: bigint; unmatched: bigint }

/**
 * The ledger for local days `fromDay`…`toDay` (both included) in the tenant's
 * zone; `before` also cuts the calls at an instant (a cutover's watermark).
 * Days without calls or files are returned as zeros, so a chart has every day.
 */
export async function ledgerDays(tenantId: string, range: { fromDay: string; toDay: string; before?: Date; now?: Date }, client: Client = db()): Promise<LedgerDay[]> {
  if (!DAY.test(range.fromDay) || !DAY.test(range.toDay)) throw new Error("ledger days must be YYYY-MM-DD");
  const before = range.before ? Prisma.sql`AND c."startedAt" < ${range.before}` : Prisma.empty;
  const rows = await client.$queryRaw<Row[]>`
    WITH zone AS (SELECT COALESCE(t."five9TimeZone", ${DEFAULT_DOMAIN_TIME_ZONE}) AS tz FROM "Tenant" t WHERE t.id = ${tenantId}),
    bounds AS (
      SELECT tz, ((${range.fromDay}::date)::timestamp AT TIME ZONE tz) AT TIME ZONE 'UTC' AS lo,
             (((${range.toDay}::date + 1))::timestamp AT TIME ZONE tz) AT TIME ZONE 'UTC' AS hi FROM zone
    ),
    calls AS (
      SELECT c.id, to_char((c."startedAt" AT TIME ZONE 'UTC') AT TIME ZONE b.tz, 'YYYY-MM-DD') AS day, ${gapSql("c", range.now ?? new Date())} AS gap
      FROM "Call" c, bounds b
      WHERE c."tenantId" = ${tenantId} AND c."startedAt" >= b.lo AND c."startedAt" < b.hi ${before}
    ),
    rec AS (
      SELECT r."callId", bool_or(r.source = 'ftp') AS ftp, bool_or(r.source = 'api') AS api
      FROM "CallRecording" r JOIN calls ON calls.id = r."callId" WHERE r."tenantId" = ${tenantId} GROUP BY r."callId"
    ),
    tr AS (
      SELECT t."callId", bool_or(t.source = 'ftp') AS ftp, bool_or(t.source = 'api') AS api
      FROM "CallTranscript" t JOIN calls ON calls.id = t."callId" WHERE t."tenantId" = ${tenantId} GROUP BY t."callId"
    ),
    live AS (
      SELECT l."callId" FROM "LiveAudio" l JOIN calls ON calls.id = l."callId" WHERE l."tenantId" = ${tenantId}
      UNION SELECT s."callId" FROM "StreamSession" s JOIN calls ON calls.id = s."callId" WHERE s."tenantId" = ${tenantId}
    ),
    per_call AS (
      SELECT calls.day, count(*) AS expected,
        count(*) FILTER (WHERE rec.ftp) AS ftp, count(*) FILTER (WHERE rec.api) AS api,
        count(*) FILTER (WHERE tr.ftp) AS ftp_transcript, count(*) FILTER (WHERE tr.api) AS api_transcript, count(live."callId") AS live,
        count(*) FILTER (WHERE rec.ftp AND NOT rec.api) AS only_ftp, count(*) FILTER (WHERE rec.api AND NOT rec.ftp) AS only_api,
        count(*) FILTER (WHERE calls.gap) AS gaps
      FROM calls LEFT JOIN rec ON rec."callId" = calls.id LEFT JOIN tr ON tr."callId" = calls.id LEFT JOIN live ON live."callId" = calls.id
      GROUP BY calls.day
    ),
    files AS (
      SELECT to_char(f."localStart", 'YYYY-MM-DD') AS day,
        count(*) FILTER (WHERE f."matchState" = 'matched') AS matched,
        count(*) FILTER (WHERE f."matchState" = 'ambiguous') AS ambiguous,
        count(*) FILTER (WHERE f."matchState" IN ('unmatched', 'none')) AS unmatched
      FROM "LegacyFile" f
      WHERE f."tenantId" = ${tenantId} AND f.kind = 'recording' AND f.status = 'imported'
        AND f."localStart" >= ${range.fromDay}::date AND f."localStart" < ${range.toDay}::date + 1
      GROUP BY 1
    )
    SELECT COALESCE(p.day, f.day) AS day, COALESCE(p.expected, 0) AS expected, COALESCE(p.ftp, 0) AS ftp, COALESCE(p.api, 0) AS api,
      COALESCE(p.ftp_transcript, 0) AS ftp_transcript, COALESCE(p.api_transcript, 0) AS api_transcript, COALESCE(p.live, 0) AS live, COALESCE(p.only_ftp, 0) AS only_ftp, COALESCE(p.only_api, 0) AS only_api,
      COALESCE(p.gaps, 0) AS gaps, COALESCE(f.matched, 0) AS matched, COALESCE(f.ambiguous, 0) AS ambiguous, COALESCE(f.unmatched, 0) AS unmatched
    FROM per_call p FULL OUTER JOIN files f ON f.day = p.day`;
  const byDay = new Map(rows.map((r) => [r.day, r]));
  return daysBetween(range.fromDay, range.toDay).map((day) => {
    const r = byDay.get(day);
    const n = (v: bigint | undefined) => Number(v ?? 0);
    return {
      day, expected: n(r?.expected), ftp: n(r?.ftp), api: n(r?.api), ftpTranscript: n(r?.ftp_transcript), apiTranscript: n(r?.api_transcript), live: n(r?.live),
      onlyFtp: n(r?.only_ftp), onlyApi: n(r?.only_api), gaps: n(r?.gaps),
      filesMatched: n(r?.matched), filesAmbiguous: n(r?.ambiguous), filesUnmatched: n(r?.unmatched),
    };
  });
}

/** The last `days` local days up to today in the tenant's zone. */
export function recentRange(timeZone: string, days: number, now = new Date()): { fromDay: string; toDay: string } {
  const toDay = localDay(now, timeZone);
  return { fromDay: addDays(toDay, -(days - 1)), toDay };
}

/** Gaps (see gapSql) per tenant over the last `days` days (support overview: one grouped query). */
export async function gapCounts(tenantIds: string[], days = 30, now = new Date()): Promise<Map<string, number>> {
  if (tenantIds.length === 0) return new Map();
  const since = new Date(now.getTime() - days * 86_400_000);
  const rows = await db().$queryRaw<{ tenantId: string; gaps: bigint }[]>`
    SELECT c."tenantId", count(*) AS gaps FROM "Call" c
    WHERE c."tenantId" = ANY(${tenantIds}::text[]) AND c."startedAt" >= ${since} AND ${gapSql("c", now)}
    GROUP BY c."tenantId"`;
  return new Map(rows.map((r) => [r.tenantId, Number(r.gaps)]));
}

export function ledgerCsv(days: LedgerDay[]): string {
  const header = ["day", "expected", "ftp_recordings", "api_recordings", "ftp_transcripts", "api_transcripts", "live_audio", "only_ftp", "only_api", "gaps", "files_matched", "files_ambiguous", "files_unmatched"];
  const lines = days.map((d) => [d.day, d.expected, d.ftp, d.api, d.ftpTranscript, d.apiTranscript, d.live, d.onlyFtp, d.onlyApi, d.gaps, d.filesMatched, d.filesAmbiguous, d.filesUnmatched].join(","));
  return [header.join(","), ...lines].map((l) => `${l}\r\n`).join("");
}
