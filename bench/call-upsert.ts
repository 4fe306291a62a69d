// How fast is the call upsert (lib/ingest/call-log/upsert-calls.ts: unnest
// arrays, skip unchanged rows, count inserts) next to a plain batched
// INSERT … VALUES … ON CONFLICT DO UPDATE of the same rows, in the same run?
// Streams N generated calls plus 10 % re-delivered ones (earlier ids with a
// changed disposition), chunk by chunk, alternating the two methods so both
// see the same table growth; then counts duplicates. Prints; asserts nothing.
//   npx tsx bench/call-upsert.ts [N=1000000]
import pg from "pg";
import { db } from "../lib/db";
import type { CallRecord } from "../lib/ingest/call-log/call-row";
import { upsertCalls } from "../lib/ingest/call-log/upsert-calls";
import { withBenchDatabase } from "./bench-database";

const N = Number(process.argv[2] ?? 1_000_000);
const CHUNK = 5_000;
const REDELIVERED = 0.1;
const VALUES_BATCH = 2_000; // 17 parameters a row: under Postgres's 65,535
const T0 = Date.parse("2026-01-01T00:00:00Z");

/** Call number i, deterministic; `version` changes the disposition (a re-delivery that updates). */
function call(i: number, version: number): CallRecord {
  const startedAt = new Date(T0 + i * 7_000);
  const duration = 30 + (i % 900);
  const campaign = ["Inbound Sales", "Customer Support", "Outbound Retention"][i % 3]!;
  const agent = `agent${i % 40}@acme.sim`;
  const disposition = version === 0 ? "Resolved" : "Callback";
  const raw = { "CALL ID": String(300_000_000_000 + i), TIMESTAMP: startedAt.toISOString(), CAMPAIGN: campaign, AGENT: agent, DISPOSITION: disposition, LENGTH: String(duration), ANI: String(5_550_000_000 + i) };
  return {
    five9CallId: String(300_000_000_000 + i), sessionId: i.toString(16).padStart(32, "0"), startedAt, endedAt: new Date(startedAt.getTime() + duration * 1000),
    durationSeconds: duration, campaign, callType: i % 3 === 2 ? "Outbound" : "Inbound", agentUsername: agent, agentName: `Agent ${i % 40}`,
    skill: "Billing", disposition, ani: raw.ANI, dnis: "8005550100", raw,
  };
}

/** Chunk k of the delivery stream: new calls, plus re-deliveries of earlier ones. */
function chunk(k: number, total: number): CallRecord[] {
  const fresh = Math.round(CHUNK / (1 + REDELIVERED));
  const from = k * fresh;
  const rows: CallRecord[] = [];
  for (let i = from; i < Math.min(from + fresh, total); i++) rows.push(call(i, 0));
  for (let j = 0; j < CHUNK - fresh && from > 0 && rows.length > 0; j++) rows.push(call((from * 7919 + j * 104_729) % from, 1));
  return rows;
}

const COLUMNS = ["tenantId", "five9CallId", "sessionId", "startedAt", "endedAt", "durationSeconds", "campaign", "callType", "agentUsername", "agentName", "skill", "disposition", "ani", "dnis", "raw"];

async function plainInsert(pool: pg.Pool, tenantId: string, rows: CallRecord[]): Promise<void> {
  const byId = new Map(rows.map((r) => [r.five9CallId, r])); // one statement cannot update a row twice
  const unique = [...byId.values()];
  for (let i = 0; i < unique.length; i += VALUES_BATCH) {
    const batch = unique.slice(i, i + VALUES_BATCH);
    const params: unknown[] = [];
    const tuples = batch.map((c) => {
      const values = [tenantId, c.five9CallId, c.sessionId, c.startedAt.toISOString(), c.endedAt?.toISOString() ?? null, c.durationSeconds, c.campaign, c.callType, c.agentUsername, c.agentName, c.skill, c.disposition, c.ani, c.dnis, JSON.stringify(c.raw)];
      const start = params.length;
      params.push(...values);
      return `(${values.map((_, j) => `$${start + j + 1}`).join(",")}, now())`;
    });
    const quoted = COLUMNS.map((c) => `"${c}"`).join(",");
    await pool.query(
      `INSERT INTO "Call" (${quoted}, "updatedAt") VALUES ${tuples.join(",")}
       ON CONFLICT ("tenantId", "five9CallId") DO UPDATE SET ${COLUMNS.slice(2).map((c) => `"${c}" = EXCLUDED."${c}"`).join(", ")}, "updatedAt" = now()`,
      params,
    );
  }
}

async function duplicates(tenantId: string): Promise<{ rows: number; distinct: number }> {
  const [r] = await db().$queryRaw<{ rows: bigint; distinct: bigint }[]>`SELECT count(*) AS rows, count(DISTINCT "five9CallId") AS distinct FROM "Call" WHERE "tenantId" = ${tenantId}`;
  return { rows: Number(r!.rows), distinct: Number(r!.distinct) };
}

async function main(): Promise<void> {
  await withBenchDatabase("call_upsert", async (url) => {
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    const plainTenant = await db().tenant.create({ data: { slug: "plain", name: "plain" } });
    const oursTenant = await db().tenant.create({ data: { slug: "ours", name: "ours" } });
    const chunks = Math.ceil(N / Math.round(CHUNK / (1 + REDELIVERED)));
    let delivered = 0;
    let plainMs = 0;
    let oursMs = 0;
    const counts = { inserted: 0, updated: 0, unchanged: 0 };
    for (let k = 0; k < chunks; k++) {
      const rows = chunk(k, N);
      delivered += rows.length;
      const order = k % 2 === 0 ? ["plain", "ours"] : ["ours", "plain"];
      for (const method of order) {
        const started = performance.now();
        if (method === "plain") await plainInsert(pool, plainTenant.id, rows);
        else {
          const c = await upsertCalls(oursTenant.id, rows);
          counts.inserted += c.inserted;
          counts.updated += c.updated;
          counts.unchanged += c.unchanged;
        }
        if (method === "plain") plainMs += performance.now() - started;
        else oursMs += performance.now() - started;
      }
      if (k % 50 === 0) process.stderr.write(`\r${delivered} rows delivered`);
    }
    process.stderr.write("\n");
    const plainRate = delivered / (plainMs / 1000);
    const oursRate = delivered / (oursMs / 1000);
    const ours = await duplicates(oursTenant.id);
    const plain = await duplicates(plainTenant.id);
    console.log(`calls: ${N} unique, ${delivered} delivered (${delivered - N} re-delivered, ${(((delivered - N) / N) * 100).toFixed(1)} %)`);
    console.log(`plain INSERT … VALUES … ON CONFLICT: ${plainRate.toFixed(0)} rows/s (${(plainMs / 1000).toFixed(1)} s)`);
    console.log(`upsertCalls (unnest, skip unchanged): ${oursRate.toFixed(0)} rows/s (${(oursMs / 1000).toFixed(1)} s)`);
    console.log(`ratio upsertCalls / plain: ${(oursRate / plainRate).toFixed(2)}× (target ≥ 0.5×)`);
    console.log(`upsertCalls counts: inserted ${counts.inserted}, updated ${counts.updated}, unchanged ${counts.unchanged}`);
    console.log(`stored: ${ours.rows} rows, ${ours.distinct} distinct call ids → duplicates ${ours.rows - ours.distinct}; missing ${N - ours.distinct} (plain: ${plain.rows - plain.distinct} duplicates)`);
    await pool.end();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
