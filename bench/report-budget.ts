// Does a long backfill use the whole Five9 report budget without ever
// tripping a limit? Runs a real backfill (lib/ingest/backfill) against the
// simulator's SOAP service with Five9's published limits, on a compressed
// clock (default 1440×: one simulated day in one real minute), with several
// concurrent workers sharing the Postgres rate budget, for one simulated day.
// Prints runReport calls used vs allowed (%) and the limit faults seen.
//   npx tsx bench/report-budget.ts [speed=1440] [workers=8] [days=1]
import type { IngestClock } from "../lib/ingest/ingest-clock";
import { contextFor } from "../lib/crypto/sealed-fields";
import { sealSecret } from "../lib/crypto/secrets";
import { db } from "../lib/db";
import { setProcessEnv } from "../lib/env";
import { createBackfill } from "../lib/ingest/backfill/backfill-control";
import { runBackfillPart } from "../lib/ingest/backfill/run-backfill";
import { newReportStats } from "../lib/ingest/call-log/report-client";
import { allowedCalls, RATE_FAMILIES } from "../lib/ingest/rate-limits";
import { startSimulator } from "../sim/server";
import { startSoapHarness } from "../sim/soap/soap-test-client";
import { withBenchDatabase } from "./bench-database";

const SPEED = Number(process.argv[2] ?? 1440);
const WORKERS = Number(process.argv[3] ?? 8);
const DAYS = Number(process.argv[4] ?? 1);
const START = Date.parse("2026-11-20T00:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Grant-to-arrival delay allowance, in simulated ms (a few real ms at this speed). */
const MARGIN_MS = Math.max(2_000, SPEED * 80);

async function main(): Promise<void> {
  await withBenchDatabase("report_budget", async () => {
    const sim = await startSimulator({ seed: 1, clock: { start: START, speed: SPEED } });
    // Published limits, but reports ready in 5 ms of real time (200 ms would be 5 simulated minutes here).
    const soap = await startSoapHarness(sim, { reportRunMs: 5 });
    setProcessEnv({ FIVE9_BASE_URL: soap.baseUrl });
    const clock: IngestClock = { now: () => sim.clock.now(), sleep: (ms, signal) => sim.clock.sleep(ms, signal) };

    const domain = sim.world.addDomain("Bench");
    const admin = domain.users.find((u) => u.role === "admin")!;
    const historyDays = 60;
    sim.world.addCalls(domain.id, 3_000, new Date(START - historyDays * DAY), new Date(START - DAY));
    const tenant = await db().tenant.create({ data: { slug: "bench", name: "Bench", five9DomainId: domain.id, region: "us", five9TimeZone: domain.timeZone, status: "installed" } });
    await db().supervisorCredential.create({ data: { tenantId: tenant.id, username: admin.username, passwordSealed: sealSecret(admin.password, contextFor("supervisorCredential", tenant.id, "passwordSealed")) } });
    // One-hour parts: far more reports than a day's budget allows.
    const backfill = await createBackfill(tenant.id, { from: new Date(START - historyDays * DAY), to: new Date(START - DAY), partMs: HOUR });
    const parts = await db().backfillPart.findMany({ where: { backfillId: backfill.id }, orderBy: { index: "asc" }, select: { id: true } });
    await db().backfill.update({ where: { id: backfill.id }, data: { status: "running" } });

    const stats = newReportStats();
    const stop = new AbortController();
    const t0 = clock.now();
    const end = t0 + DAYS * DAY;
    let next = 0;
    const errors: string[] = [];
    const worker = async () => {
      while (!stop.signal.aborted && next < parts.length) {
        const part = parts[next++]!;
        await runBackfillPart(part.id, { clock, signal: stop.signal, stats, maxWindowMs: HOUR, pollSeconds: 1, budget: { marginMs: MARGIN_MS }, retry: { baseMs: 1_000, maxMs: 60_000, attempts: 6 } }).catch((error: unknown) => {
          if (!stop.signal.aborted) errors.push(error instanceof Error ? error.message : String(error));
        });
      }
    };
    const timer = setInterval(() => {
      if (clock.now() >= end) stop.abort(new Error("benchmark over"));
      process.stderr.write(`\rsimulated ${((clock.now() - t0) / HOUR).toFixed(1)} h: runReport ${stats.calls.runReport ?? 0}`);
    }, 100);
    const realStart = performance.now();
    await Promise.all(Array.from({ length: WORKERS }, worker));
    clearInterval(timer);
    process.stderr.write("\n");

    const [granted] = await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "RateGrant" g JOIN "RateBudget" b ON b.id = g."budgetId"
      WHERE b."domainId" = ${domain.id} AND b."opClass" = 'runReport' AND g.at >= ${new Date(t0)} AND g.at < ${new Date(end)}`;
    const used = Number(granted!.n);
    const allowed = allowedCalls(RATE_FAMILIES.soap.limits.runReport, DAYS * DAY);
    const doneParts = await db().backfillPart.count({ where: { backfillId: backfill.id, status: "done" } });
    console.log(`clock ${SPEED}× (${DAYS} simulated day${DAYS === 1 ? "" : "s"} in ${((performance.now() - realStart) / 1000).toFixed(1)} s real), ${WORKERS} workers, margin ${MARGIN_MS / 1000} s simulated`);
    console.log(`runReport calls: ${used} of ${allowed} allowed by 16/min, 120/h, 800/day → ${((used / allowed) * 100).toFixed(1)} % (target ≥ 95 %)`);
    console.log(`getReportResultCsv calls: ${stats.calls.getReportResultCsv ?? 0}; isReportRunning: ${stats.calls.isReportRunning ?? 0}`);
    console.log(`limit faults (OperationsLimitExceededFault / 429): ${stats.limitFaults}; other retries: ${stats.retries - stats.limitFaults}; failed parts: ${errors.length}`);
    console.log(`backfill parts done: ${doneParts} of ${parts.length}`);
    if (errors.length > 0) console.log(`first error: ${errors[0]}`);
    await soap.close();
    await sim.close();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
