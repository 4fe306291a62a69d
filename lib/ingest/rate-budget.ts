// One rate budget per (Five9 domain, API family, operation class), shared by
// every worker through Postgres. A grant is taken under the budget row's lock
// (SELECT … FOR UPDATE), so two workers never both take the last slot.
//
// Why a log of grants and not a token bucket: Five9 counts calls in sliding
// windows, and a bucket that refills at the limit's rate lets up to twice the
// limit through one window (a full bucket plus its refill). Checking the exact
// windows lets a backfill use the whole budget and still never trip a limit.
// A margin is added to every window for network delay and clock skew.
import { randomUUID } from "node:crypto";
import { db } from "../db";
import { logger } from "../log";
import { realClock, type IngestClock } from "./ingest-clock";
import { RATE_FAMILIES, WINDOWS, type RateFamilyName, type WindowLimits } from "./rate-limits";

export interface AcquireOptions {
  clock?: IngestClock;
  signal?: AbortSignal;
  /** Added to every window (ms of `clock` time). Default 2 s. */
  marginMs?: number;
  /** Give up (BudgetWaitTooLong) rather than wait longer than this in all. */
  maxWaitMs?: number;
  /** Replaces the published limits of the operation's class (tests, other contracts). */
  limits?: WindowLimits;
}

/** Thrown when the budget will not allow the call within `maxWaitMs`: try again later. */
export class BudgetWaitTooLong extends Error {
  constructor(readonly domainId: string, readonly opClass: string, readonly waitMs: number) {
    super(`Five9 rate budget for domain ${domainId} (${opClass}) is used up for the next ${Math.ceil(waitMs / 1000)} s`);
    this.name = "BudgetWaitTooLong";
  }
}

const DEFAULT_MARGIN_MS = 2_000;
const LONGEST_WINDOW_MS = Math.max(...WINDOWS.map((w) => w.ms));

async function budgetId(domainId: string, family: string, opClass: string): Promise<string> {
  const find = () => db().$queryRaw<{ id: string }[]>`SELECT id FROM "RateBudget" WHERE "domainId" = ${domainId} AND family = ${family} AND "opClass" = ${opClass}`;
  let rows = await find();
  if (rows.length === 0) {
    await db().$executeRaw`
      INSERT INTO "RateBudget" (id, "domainId", family, "opClass", "updatedAt") VALUES (${randomUUID()}, ${domainId}, ${family}, ${opClass}, now())
      ON CONFLICT ("domainId", family, "opClass") DO NOTHING`;
    rows = await find();
  }
  return rows[0]!.id;
}

/** Takes a grant now, or says how long to wait (ms) before one is free. */
async function tryTake(id: string, limits: WindowLimits, now: number, marginMs: number): Promise<number> {
  return db().$transaction(async (tx) => {
    const [budget] = await tx.$queryRaw<{ blockedUntil: Date | null }[]>`SELECT "blockedUntil" FROM "RateBudget" WHERE id = ${id} FOR UPDATE`;
    const blocked = budget?.blockedUntil?.getTime() ?? 0;
    if (blocked > now) return blocked - now;
    let wait = 0;
    for (const window of WINDOWS) {
      const limit = limits[window.key];
      if (limit === undefined) continue;
      const span = window.ms + marginMs;
      // The limit-th most recent grant inside the window: while it is there, the window is full.
      const [blocker] = await tx.$queryRaw<{ at: Date }[]>`
        SELECT at FROM "RateGrant" WHERE "budgetId" = ${id} AND at > ${new Date(now - span)}
        ORDER BY at DESC OFFSET ${limit - 1} LIMIT 1`;
      if (blocker) wait = Math.max(wait, blocker.at.getTime() + span - now + 1);
    }
    if (wait > 0) return wait;
    await tx.$executeRaw`INSERT INTO "RateGrant" ("budgetId", at) VALUES (${id}, ${new Date(now)})`;
    await tx.$executeRaw`DELETE FROM "RateGrant" WHERE "budgetId" = ${id} AND at < ${new Date(now - LONGEST_WINDOW_MS - marginMs)}`;
    return 0;
  });
}

/** Waits until the shared budget allows one `operation` call to `domainId`, and counts it. */
export async function acquire(domainId: string, family: RateFamilyName, operation: string, options: AcquireOptions = {}): Promise<void> {
  const clock = options.clock ?? realClock;
  const spec = RATE_FAMILIES[family];
  const opClass = spec.classOf(operation);
  const limits = options.limits ?? (spec.limits as Record<string, WindowLimits>)[opClass] ?? {};
  const id = await budgetId(domainId, family, opClass);
  const started = clock.now();
  for (;;) {
    const now = clock.now();
    const wait = await tryTake(id, limits, now, options.marginMs ?? DEFAULT_MARGIN_MS);
    if (wait === 0) return;
    if (options.maxWaitMs !== undefined && now + wait - started > options.maxWaitMs) throw new BudgetWaitTooLong(domainId, opClass, wait);
    await clock.sleep(wait, options.signal);
  }
}

/** Five9 refused a call (limit fault, 429): nobody calls this class again before `retryAfterMs` has passed. */
export async function blockBudget(domainId: string, family: RateFamilyName, operation: string, retryAfterMs: number, clock: IngestClock = realClock): Promise<void> {
  const opClass = RATE_FAMILIES[family].classOf(operation);
  const id = await budgetId(domainId, family, opClass);
  const until = new Date(clock.now() + retryAfterMs);
  await db().$executeRaw`UPDATE "RateBudget" SET "blockedUntil" = GREATEST(COALESCE("blockedUntil", ${until}), ${until}), "updatedAt" = now() WHERE id = ${id}`;
  logger("rate-budget").warn({ domainId, family, opClass, retryAfterMs }, "Five9 rate limit reached; budget blocked");
}

/** Grants counted in the last `windowMs` (for health checks and the benchmark). */
export async function grantsInWindow(domainId: string, family: RateFamilyName, operation: string, windowMs: number, clock: IngestClock = realClock): Promise<number> {
  const opClass = RATE_FAMILIES[family].classOf(operation);
  const rows = await db().$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM "RateGrant" g JOIN "RateBudget" b ON b.id = g."budgetId"
    WHERE b."domainId" = ${domainId} AND b.family = ${family} AND b."opClass" = ${opClass} AND g.at > ${new Date(clock.now() - windowMs)}`;
  return Number(rows[0]?.n ?? 0);
}
