// Test set-up for ingestion: the real simulator in-process (paused clock at a
// fixed instant, FIVE9_BASE_URL pointed at it), and tenants wired to a fresh
// simulated domain the way the install wizard leaves them (Install with
// call_log, SupervisorCredential sealed with the domain admin's password).
import type { RunningSimulator } from "../../sim/server";
import { simulatorForFile } from "./simulator";
import type { SimDomain } from "../../sim/world/domains";
import { contextFor } from "../../lib/crypto/sealed-fields";
import { sealSecret } from "../../lib/crypto/secrets";
import { db } from "../../lib/db";
import { realSleep, type IngestClock } from "../../lib/ingest/ingest-clock";
import type { SyncOptions } from "../../lib/ingest/call-log/sync-call-log";

export const SIM_NOW = Date.parse("2026-11-20T12:00:00Z");

export function simulatorPerFile(options: { seed?: number; start?: number } = {}) {
  return simulatorForFile({ seed: options.seed ?? 7, clock: { start: options.start ?? SIM_NOW, speed: 0 } });
}

/** The simulator's time, real sleeps: what tests and the benchmark run ingestion on. */
export function simClock(sim: RunningSimulator): IngestClock {
  return { now: () => sim.clock.now(), sleep: (ms, signal) => (sim.clock.speed() > 0 ? sim.clock.sleep(ms, signal) : realSleep(Math.min(ms, 50), signal)) };
}

/** Options that keep tests fast: short backoff, small budget margin. */
export function fastSync(sim: RunningSimulator, extra: SyncOptions = {}): SyncOptions {
  return { clock: simClock(sim), retry: { baseMs: 5, maxMs: 40, attempts: 8 }, budget: { marginMs: 0 }, pollSeconds: 1, ...extra };
}

let counter = 0;

export interface IngestTenant {
  tenantId: string;
  domain: SimDomain;
  admin: { username: string; password: string };
}

export async function tenantWithDomain(sim: RunningSimulator, options: { timeZone?: string } = {}): Promise<IngestTenant> {
  counter++;
  const domain = sim.world.addDomain(`Ingest ${counter} ${process.pid}`, options.timeZone);
  const admin = domain.users.find((u) => u.role === "admin")!;
  const tenant = await db().tenant.create({ data: { slug: `ingest-${counter}-${process.pid}`, name: `Ingest ${counter}`, five9DomainId: domain.id, region: "us", status: "installed" } });
  await db().install.create({ data: { tenantId: tenant.id, step: "done", region: "us", five9DomainId: domain.id, dataKinds: ["call_log", "recordings"], completedAt: new Date() } });
  await db().supervisorCredential.create({
    data: { tenantId: tenant.id, username: admin.username, passwordSealed: sealSecret(admin.password, contextFor("supervisorCredential", tenant.id, "passwordSealed")), verifiedAt: new Date() },
  });
  return { tenantId: tenant.id, domain, admin: { username: admin.username, password: admin.password } };
}

/** Rows stored for a tenant, and distinct call ids among them. */
export async function storedCounts(tenantId: string): Promise<{ rows: number; distinct: number }> {
  const [r] = await db().$queryRaw<{ rows: bigint; distinct: bigint }[]>`SELECT count(*) AS rows, count(DISTINCT "five9CallId") AS distinct FROM "Call" WHERE "tenantId" = ${tenantId}`;
  return { rows: Number(r!.rows), distinct: Number(r!.distinct) };
}
