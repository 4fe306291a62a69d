// Matching imported legacy files to calls, set-based in SQL (100k files ×
// 100k calls is a few index joins, not 10^10 comparisons):
// 1. A `_<sessionId>` suffix matches Call.sessionId exactly (and only that:
//    a named file whose call is not in the call log yet waits for it).
// 2. Otherwise (campaign, agent, ANI or DNIS, local start time ± tolerance).
//    The name's time is the domain's wall clock; the call's UTC start is
//    turned into the same wall clock by Postgres's zone rules, so DST is
//    exact: in the repeated autumn hour both calls at "1:30 AM" are candidates.
//    The index on (tenant, campaign, startedAt) is used through a UTC window
//    one hour wider than the tolerance on each side.
// A file with exactly one free candidate that no other open file also wants
// is matched; several candidates (or one already taken by another file of the
// same kind) make it ambiguous, none unmatched — both keep their candidates and
// are tried again after every call log sync. Matched recordings become the
// call's `ftp` CallRecording, matched transcripts its `ftp` CallTranscript (the
// segments validated when the file was read); the file's fields become a CallSourceRecord
// (only for files matched in this run: `matchedAt = now()`, the transaction's
// start, so a re-run costs the open files, not every file ever matched).
import { db } from "../db";
import { queueDueRepairs } from "../live-audio/queue-repair";
import { domainTimeZoneOf } from "../five9/domain-time-zone";

export interface MatchOptions {
  /** Seconds between a name's time and the call's local start still counted as the same call. Default 30. */
  toleranceSeconds?: number;
}

export interface MatchTotals {
  matched: number;
  ambiguous: number;
  unmatched: number;
  recordings: number;
  /** `ftp` transcripts stored or changed by this run. */
  transcripts: number;
}


export async function matchLegacyFiles(tenantId: string, options: MatchOptions = {}): Promise<MatchTotals> {
  const tolerance = options.toleranceSeconds ?? 30;
  const tenant = await db().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { five9TimeZone: true } });
  const tz = domainTimeZoneOf(tenant);
  return db().$transaction(
    async (tx) => {
      // Serialises matching per tenant (a poll and a call-log hook may both run it).
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`legacy-match:${tenantId}`}))`;
      // Stages in analysed temp tables: a burst of new files has no statistics yet, and a plan that
      // thinks "1 row" joins 100k × 100k. Each stage is one statement over the whole tenant.
      await tx.$executeRaw`
        CREATE TEMP TABLE bridge_open ON COMMIT DROP AS
        SELECT f.id, f.kind, f.campaign, f."customerNumber", f."agentUsername", f."localStart", f."sessionId",
               w.lo - make_interval(secs => ${tolerance}::int) AS lo, w.hi + make_interval(secs => ${tolerance}::int) AS hi
        FROM "LegacyFile" f
        -- The instants this wall time can name: one normally, two an hour apart around a DST change.
        CROSS JOIN LATERAL (
          SELECT least(a, b, c) AS lo, greatest(a, b, c) AS hi FROM (SELECT
            (f."localStart" AT TIME ZONE ${tz}) AT TIME ZONE 'UTC' AS a,
            ((f."localStart" - interval '1 hour') AT TIME ZONE ${tz}) AT TIME ZONE 'UTC' + interval '1 hour' AS b,
            ((f."localStart" + interval '1 hour') AT TIME ZONE ${tz}) AT TIME ZONE 'UTC' - interval '1 hour' AS c) x
        ) w
        WHERE f."tenantId" = ${tenantId} AND f.status = 'imported' AND f.kind IN ('recording', 'transcript') AND f."matchState" <> 'matched'`;
      await tx.$executeRaw`ANALYZE bridge_open`;
      await tx.$executeRaw`
        CREATE TEMP TABLE bridge_cand ON COMMIT DROP AS
        SELECT cand.*, t.id IS NOT NULL AS taken FROM (
          SELECT o.id AS file_id, o.kind, c.id AS call_id, 0::float8 AS delta
          FROM bridge_open o JOIN "Call" c ON c."tenantId" = ${tenantId} AND c."sessionId" = o."sessionId"
          WHERE o."sessionId" IS NOT NULL
          UNION ALL
          SELECT o.id, o.kind, c.id, c.delta
          FROM bridge_open o
          -- One index range scan on (tenant, campaign, startedAt) per file.
          CROSS JOIN LATERAL (
            SELECT c.id, abs(extract(epoch FROM (((c."startedAt" AT TIME ZONE 'UTC') AT TIME ZONE ${tz}) - o."localStart")))::float8 AS delta
            FROM "Call" c
            WHERE c."tenantId" = ${tenantId} AND c.campaign = o.campaign AND c."startedAt" BETWEEN o.lo AND o.hi
              AND c."agentUsername" = o."agentUsername" AND (c.ani = o."customerNumber" OR c.dnis = o."customerNumber")
          ) c
          WHERE o."sessionId" IS NULL AND c.delta <= ${tolerance}::int
        ) cand
        LEFT JOIN "LegacyFile" t ON t."callId" = cand.call_id AND t.kind = cand.kind AND t."matchState" = 'matched'`;
      await tx.$executeRaw`ANALYZE bridge_cand`;
      // One statement decides, updates the files that change, and writes what a match brings: the
      // `ftp` CallRecording (skipped when the same bytes are already there), the file name's fields as
      // the `ftp` CallSourceRecord (skipped when unchanged), and the call record's gaps. Everything
      // reads the UPDATE's RETURNING rows: no second pass over the tenant's files.
      const decided = await tx.$queryRaw<{ state: string; n: bigint }[]>`
        WITH wanted AS (SELECT call_id, kind, count(*) AS n FROM bridge_cand WHERE NOT taken GROUP BY call_id, kind),
        per_file AS (
          SELECT f.file_id, array_agg(f.call_id ORDER BY f.delta, f.call_id) AS calls,
                 count(*) FILTER (WHERE NOT f.taken) AS free,
                 (array_agg(f.call_id ORDER BY f.delta) FILTER (WHERE NOT f.taken))[1] AS pick,
                 min(f.kind) AS kind
          FROM bridge_cand f GROUP BY f.file_id
        ),
        decision AS (
          SELECT o.id,
                 CASE WHEN p.file_id IS NULL THEN 'unmatched'
                      WHEN p.free = 1 AND w.n = 1 THEN 'matched'
                      ELSE 'ambiguous' END AS state,
                 p.pick, COALESCE(p.calls, '{}') AS calls, o."sessionId" IS NOT NULL AS by_session
          FROM bridge_open o LEFT JOIN per_file p ON p.file_id = o.id LEFT JOIN wanted w ON w.call_id = p.pick AND w.kind = p.kind
        ),
        up AS (
          UPDATE "LegacyFile" f SET
            "matchState" = d.state,
            "callId" = CASE WHEN d.state = 'matched' THEN d.pick END,
            "matchedBy" = CASE WHEN d.state = 'matched' THEN CASE WHEN d.by_session THEN 'session_id' ELSE 'fields' END END,
            candidates = CASE WHEN d.state = 'matched' THEN '{}' ELSE d.calls END,
            "matchedAt" = CASE WHEN d.state = 'matched' THEN now() END,
            "updatedAt" = now()
          FROM decision d
          WHERE f.id = d.id
            AND (f."matchState" <> d.state OR f.candidates IS DISTINCT FROM (CASE WHEN d.state = 'matched' THEN '{}' ELSE d.calls END))
          RETURNING d.state, f."tenantId", f."callId", f.kind, f.path, f."blobKey", f.sha256, f.bytes, f."durationMs", f.segments,
            jsonb_strip_nulls(jsonb_build_object('campaign', f.campaign, 'agentUsername', f."agentUsername",
              'customerNumber', f."customerNumber", 'localStart', f."localStart", 'sessionId', f."sessionId", 'ivr', f.ivr)) AS fields
        ),
        rec AS (
          INSERT INTO "CallRecording" (id, "tenantId", "callId", source, "blobKey", sha256, bytes, "durationMs", "contentType", "storedAt")
          SELECT gen_random_uuid()::text, u."tenantId", u."callId", 'ftp', u."blobKey", u.sha256, u.bytes, u."durationMs", 'audio/wav', now()
          FROM up u WHERE u.state = 'matched' AND u.kind = 'recording'
          ON CONFLICT ("callId", source) DO UPDATE SET "blobKey" = EXCLUDED."blobKey", sha256 = EXCLUDED.sha256, bytes = EXCLUDED.bytes,
            "durationMs" = EXCLUDED."durationMs", "storedAt" = now()
          WHERE "CallRecording".sha256 <> EXCLUDED.sha256 OR "CallRecording"."blobKey" <> EXCLUDED."blobKey"
          RETURNING 1
        ),
        tra AS (
          INSERT INTO "CallTranscript" (id, "tenantId", "callId", source, segments, "storedAt")
          SELECT gen_random_uuid()::text, u."tenantId", u."callId", 'ftp', u.segments, now()
          FROM up u WHERE u.state = 'matched' AND u.kind = 'transcript' AND u.segments IS NOT NULL
          ON CONFLICT ("callId", source) DO UPDATE SET segments = EXCLUDED.segments, "storedAt" = now()
          WHERE "CallTranscript".segments IS DISTINCT FROM EXCLUDED.segments
          RETURNING 1
        ),
        src AS (
          INSERT INTO "CallSourceRecord" (id, "tenantId", "callId", source, "sourceKey", fields, checksum, "updatedAt")
          SELECT gen_random_uuid()::text, u."tenantId", u."callId", 'ftp', u.path, u.fields, md5(u.fields::text), now()
          FROM up u WHERE u.state = 'matched' AND u.kind = 'recording'
          ON CONFLICT ("tenantId", source, "sourceKey") DO UPDATE SET "callId" = EXCLUDED."callId", fields = EXCLUDED.fields, checksum = EXCLUDED.checksum, "updatedAt" = now()
          WHERE "CallSourceRecord".checksum <> EXCLUDED.checksum OR "CallSourceRecord"."callId" <> EXCLUDED."callId"
          RETURNING 1
        ),
        gaps AS (
          -- The call log wins wherever it has a value; Call.provenance names the source of each filled field.
          UPDATE "Call" c SET
            campaign = COALESCE(c.campaign, u.fields->>'campaign'),
            "agentUsername" = COALESCE(c."agentUsername", u.fields->>'agentUsername'),
            "sessionId" = COALESCE(c."sessionId", u.fields->>'sessionId'),
            provenance = c.provenance || jsonb_strip_nulls(jsonb_build_object(
              'campaign', CASE WHEN c.campaign IS NULL AND u.fields ? 'campaign' THEN 'ftp' END,
              'agentUsername', CASE WHEN c."agentUsername" IS NULL AND u.fields ? 'agentUsername' THEN 'ftp' END,
              'sessionId', CASE WHEN c."sessionId" IS NULL AND u.fields ? 'sessionId' THEN 'ftp' END))
          FROM up u
          WHERE u.state = 'matched' AND u.kind = 'recording' AND c.id = u."callId" AND c."tenantId" = ${tenantId}
            AND ((c.campaign IS NULL AND u.fields ? 'campaign') OR (c."agentUsername" IS NULL AND u.fields ? 'agentUsername') OR (c."sessionId" IS NULL AND u.fields ? 'sessionId'))
          RETURNING 1
        )
        SELECT state, count(*) AS n FROM up GROUP BY state
        UNION ALL SELECT 'recordings', count(*) FROM rec
        UNION ALL SELECT 'transcripts', count(*) FROM tra
        UNION ALL SELECT 'sources', count(*) FROM src
        UNION ALL SELECT 'gaps', count(*) FROM gaps`;
      const recordings = Number(decided.find((d) => d.state === "recordings")?.n ?? 0);
      const count = (state: string) => Number(decided.find((d) => d.state === state)?.n ?? 0);
      return { matched: count("matched"), ambiguous: count("ambiguous"), unmatched: count("unmatched"), recordings, transcripts: count("transcripts") };
    },
    { timeout: 120_000 },
  ).then(async (totals) => { if (totals.recordings > 0) await queueDueRepairs(tenantId); return totals; }); // new ftp recordings may repair live-audio gaps
}
