// How fast is legacy matching (lib/bridge/legacy-matching.ts: session id, or
// DST-safe wall time ± tolerance with ANI or DNIS and agent, one file per
// call, candidates kept; writing each file's state, the `ftp` CallRecording,
// the `ftp` CallSourceRecord and the call's gaps) next to plain SQL doing only
// the exact-key part, at 10k and 100k files against as many calls?
// Two data sets: files named with the session id (the exact key), and files
// without it (the plain join then uses the fields with an exact UTC start, no
// tolerance). Two baselines, measured in the same run on an identical tenant:
//   - "join": one plain SELECT count(*) of the exact-key join (reads only);
//   - "join+writes": one plain statement that joins on the exact key and
//     writes what a match must write (the file's call link and state, the ftp
//     recording, the ftp source record) — the like-for-like baseline.
// Prints both ratios (baseline time / matching time) and the cost per file; asserts nothing.
//   npx tsx bench/legacy-matching.ts [sizes=10000,100000]
import { db } from "../lib/db";
import { matchLegacyFiles } from "../lib/bridge/legacy-matching";
import { withBenchDatabase } from "./bench-database";

const SIZES = (process.argv[2] ?? "10000,100000").split(",").map(Number);
const TZ = "America/Los_Angeles";
type Naming = "session" | "fields";

async function seed(n: number, naming: Naming, label: string): Promise<string> {
  const tenant = await db().tenant.create({ data: { slug: `bench-${label}-${n}-${naming}-${Date.now()}`, name: `Bench ${n}`, five9TimeZone: TZ } });
  // Calls 20 s apart over weeks (through the autumn DST change), three campaigns, 40 agents, a number each.
  await db().$executeRaw`
    INSERT INTO "Call" ("tenantId", "five9CallId", "startedAt", campaign, "agentUsername", ani, dnis, "sessionId", raw, "updatedAt")
    SELECT ${tenant.id}, 'B' || i, timestamp '2026-10-20 12:00:00' + i * interval '20 seconds',
           (ARRAY['Inbound Sales','Customer Support','Outbound Retention'])[1 + i % 3], 'agent' || (i % 40) || '@acme', (4150000000 + i)::text, '8005550100',
           upper(md5('s' || i)), '{}', now()
    FROM generate_series(1, ${n}::int) AS i`;
  await db().$executeRaw`
    INSERT INTO "LegacyFile" (id, "tenantId", path, kind, size, status, sha256, "blobKey", bytes, campaign, "localStart", "customerNumber", "agentUsername", "sessionId", "updatedAt")
    SELECT 'f' || i || '-' || ${tenant.id}, ${tenant.id}, '/x/' || i || '.wav', 'recording', 100, 'imported', md5(i::text), 'k' || i, 100,
           (ARRAY['Inbound Sales','Customer Support','Outbound Retention'])[1 + i % 3],
           (((timestamp '2026-10-20 12:00:00' + i * interval '20 seconds') AT TIME ZONE 'UTC') AT TIME ZONE ${TZ}), (4150000000 + i)::text, 'agent' || (i % 40) || '@acme',
           CASE WHEN ${naming} = 'session' THEN upper(md5('s' || i)) END, now()
    FROM generate_series(1, ${n}::int) AS i`;
  await db().$executeRaw`ANALYZE "Call"`;
  await db().$executeRaw`ANALYZE "LegacyFile"`;
  return tenant.id;
}

function exactKey(naming: Naming) {
  return naming === "session"
    ? `c."tenantId" = f."tenantId" AND c."sessionId" = f."sessionId"`
    : `c."tenantId" = f."tenantId" AND c.campaign = f.campaign AND c."agentUsername" = f."agentUsername" AND c.ani = f."customerNumber"
       AND c."startedAt" = (f."localStart" AT TIME ZONE '${TZ}') AT TIME ZONE 'UTC'`;
}

async function plainJoin(tenantId: string, naming: Naming): Promise<number> {
  const rows = await db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "LegacyFile" f JOIN "Call" c ON ${exactKey(naming)} WHERE f."tenantId" = $1`, tenantId);
  return Number(rows[0]!.n);
}

/** The exact-key join writing what a match writes, as plainly as SQL allows: one statement. */
async function plainJoinWithWrites(tenantId: string, naming: Naming): Promise<number> {
  const rows = await db().$queryRawUnsafe<{ n: bigint }[]>(
    `WITH up AS (
       UPDATE "LegacyFile" f SET "callId" = c.id, "matchState" = 'matched', "matchedBy" = 'exact', "matchedAt" = now(), "updatedAt" = now()
       FROM "Call" c WHERE ${exactKey(naming)} AND f."tenantId" = $1
       RETURNING f.*),
     rec AS (
       INSERT INTO "CallRecording" (id, "tenantId", "callId", source, "blobKey", sha256, bytes, "durationMs", "contentType", "storedAt")
       SELECT gen_random_uuid()::text, "tenantId", "callId", 'ftp', "blobKey", sha256, bytes, "durationMs", 'audio/wav', now() FROM up RETURNING 1),
     src AS (
       INSERT INTO "CallSourceRecord" (id, "tenantId", "callId", source, "sourceKey", fields, checksum, "updatedAt")
       SELECT gen_random_uuid()::text, "tenantId", "callId", 'ftp', path,
              jsonb_build_object('campaign', campaign, 'agentUsername', "agentUsername", 'customerNumber', "customerNumber", 'localStart', "localStart", 'sessionId', "sessionId"),
              '', now() FROM up RETURNING 1)
     SELECT (SELECT count(*) FROM up) + (SELECT count(*) FROM rec) * 0 + (SELECT count(*) FROM src) * 0 AS n`,
    tenantId,
  );
  return Number(rows[0]!.n);
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t = performance.now();
  const value = await run();
  return { value, ms: performance.now() - t };
}

async function main(): Promise<void> {
  await withBenchDatabase("legacy_matching", async () => {
    for (const naming of ["session", "fields"] as const) {
      for (const n of SIZES) {
        const baseTenant = await seed(n, naming, "base");
        const tenantId = await seed(n, naming, "match");
        const join = await timed(() => plainJoin(baseTenant, naming));
        const writes = await timed(() => plainJoinWithWrites(baseTenant, naming));
        const match = await timed(() => matchLegacyFiles(tenantId));
        const again = await timed(() => matchLegacyFiles(tenantId));
        const r = match.value;
        console.log(
          `${naming.padEnd(7)} ${n} files × ${n} calls: matching ${match.ms.toFixed(0)} ms (matched ${r.matched}, ambiguous ${r.ambiguous}, unmatched ${r.unmatched}, recordings ${r.recordings}; ` +
            `${((match.ms * 1000) / n).toFixed(1)} µs per file; a second run with nothing new ${again.ms.toFixed(0)} ms) | ` +
            `plain join ${join.ms.toFixed(0)} ms (${join.value} pairs): ratio ${(join.ms / match.ms).toFixed(2)}× | ` +
            `plain join+writes ${writes.ms.toFixed(0)} ms (${writes.value} files): ratio ${(writes.ms / match.ms).toFixed(2)}×`,
        );
      }
    }
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
