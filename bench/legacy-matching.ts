// How fast is legacy matching (lib/bridge/legacy-matching.ts: DST-safe wall
// time ± tolerance, ANI or DNIS, one file per call, candidates kept) next to
// one plain SQL join doing only the exact-key part (same fields, exact UTC
// start, no tolerance, no ambiguity handling), at 10k and 100k files against as
// many calls? Prints throughput, the ratio and the cost per file; asserts nothing.
//   npx tsx bench/legacy-matching.ts [sizes=10000,100000]
import { db } from "../lib/db";
import { matchLegacyFiles } from "../lib/bridge/legacy-matching";
import { withBenchDatabase } from "./bench-database";

const SIZES = (process.argv[2] ?? "10000,100000").split(",").map(Number);
const TZ = "America/Los_Angeles";

async function seed(n: number): Promise<string> {
  const tenant = await db().tenant.create({ data: { slug: `bench-${n}-${Date.now()}`, name: `Bench ${n}`, five9TimeZone: TZ } });
  // Calls 20 s apart over weeks (through the autumn DST change), three campaigns, 40 agents, a number each.
  await db().$executeRaw`
    INSERT INTO "Call" ("tenantId", "five9CallId", "startedAt", campaign, "agentUsername", ani, dnis, raw, "updatedAt")
    SELECT ${tenant.id}, 'B' || i, timestamp '2026-10-20 12:00:00' + i * interval '20 seconds',
           (ARRAY['Inbound Sales','Customer Support','Outbound Retention'])[1 + i % 3], 'agent' || (i % 40) || '@acme', (4150000000 + i)::text, '8005550100', '{}', now()
    FROM generate_series(1, ${n}::int) AS i`;
  await db().$executeRaw`
    INSERT INTO "LegacyFile" (id, "tenantId", path, kind, size, status, sha256, "blobKey", bytes, campaign, "localStart", "customerNumber", "agentUsername", "updatedAt")
    SELECT 'f' || i || '-' || ${tenant.id}, ${tenant.id}, '/x/' || i || '.wav', 'recording', 100, 'imported', md5(i::text), 'k' || i, 100,
           (ARRAY['Inbound Sales','Customer Support','Outbound Retention'])[1 + i % 3],
           (((timestamp '2026-10-20 12:00:00' + i * interval '20 seconds') AT TIME ZONE 'UTC') AT TIME ZONE ${TZ}), (4150000000 + i)::text, 'agent' || (i % 40) || '@acme', now()
    FROM generate_series(1, ${n}::int) AS i`;
  await db().$executeRaw`ANALYZE "Call"`;
  await db().$executeRaw`ANALYZE "LegacyFile"`;
  return tenant.id;
}

async function plainJoin(tenantId: string): Promise<number> {
  const rows = await db().$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "LegacyFile" f JOIN "Call" c ON c."tenantId" = f."tenantId" AND c.campaign = f.campaign
      AND c."agentUsername" = f."agentUsername" AND c.ani = f."customerNumber"
      AND c."startedAt" = (f."localStart" AT TIME ZONE ${TZ}) AT TIME ZONE 'UTC'
    WHERE f."tenantId" = ${tenantId}`;
  return Number(rows[0]!.n);
}

async function main(): Promise<void> {
  await withBenchDatabase("legacy_matching", async () => {
  for (const n of SIZES) {
    const tenantId = await seed(n);
    let t = performance.now();
    const joined = await plainJoin(tenantId);
    const joinMs = performance.now() - t;
    t = performance.now();
    const result = await matchLegacyFiles(tenantId);
    const matchMs = performance.now() - t;
    console.log(
      `${n} files × ${n} calls: plain exact-key join ${joinMs.toFixed(0)} ms (${joined} pairs), matching ${matchMs.toFixed(0)} ms (matched ${result.matched}, ambiguous ${result.ambiguous}, unmatched ${result.unmatched}, recordings ${result.recordings}); ` +
        `ratio ${(joinMs / matchMs).toFixed(2)}× of the join's speed; ${((matchMs * 1000) / n).toFixed(1)} µs per file`,
    );
  }
});
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
