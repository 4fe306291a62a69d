// Slows down password guessing: after a few failures for one account key, each
// further failure blocks that key for twice as long (capped). The key is the
// email as typed, whether or not such a user exists, so the throttle gives no
// hint about which accounts exist.
import { db } from "../db";

const FREE_FAILURES = 3;
const BASE_BLOCK_MS = 2_000;
const MAX_BLOCK_MS = 15 * 60_000;
/** Failures older than this no longer count. */
const FORGET_AFTER_MS = 60 * 60_000;

export function throttleKey(email: string): string {
  return `email:${email.trim().toLowerCase()}`;
}

/** Milliseconds the key must still wait, or 0. */
export async function signInBlockedFor(key: string, now = new Date()): Promise<number> {
  const row = await db().signInThrottle.findUnique({ where: { key } });
  if (!row?.blockedUntil) return 0;
  return Math.max(0, row.blockedUntil.getTime() - now.getTime());
}

export async function recordSignInFailure(key: string, now = new Date()): Promise<{ failures: number; blockedForMs: number }> {
  const existing = await db().signInThrottle.findUnique({ where: { key } });
  const stale = existing && now.getTime() - existing.lastFailureAt.getTime() > FORGET_AFTER_MS;
  const failures = (stale ? 0 : (existing?.failures ?? 0)) + 1;
  const blockedForMs = failures > FREE_FAILURES ? Math.min(BASE_BLOCK_MS * 2 ** (failures - FREE_FAILURES - 1), MAX_BLOCK_MS) : 0;
  const blockedUntil = blockedForMs ? new Date(now.getTime() + blockedForMs) : null;
  await db().signInThrottle.upsert({
    where: { key },
    create: { key, failures, lastFailureAt: now, blockedUntil },
    update: { failures, lastFailureAt: now, blockedUntil },
  });
  return { failures, blockedForMs };
}

export async function clearSignInFailures(key: string): Promise<void> {
  await db().signInThrottle.deleteMany({ where: { key } });
}
