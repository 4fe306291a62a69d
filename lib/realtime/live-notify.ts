// For browsers: a small Postgres NOTIFY per leg, at most once a second, on
// channel `loris_live` — ids and small numbers only (NOTIFY payloads are
// capped at 8 kB and every web replica's LISTEN gets them). The live view
// reads details from the database / bus by these ids. The notices of all legs
// go out together, one statement per batch (1,000 legs would otherwise cost
// 1,000 statements a second); batches are sent one after another, so a leg's
// notices keep their order. A batch gathers for NOTIFY_BATCH_MS (legs' seconds
// are out of phase, so a per-turn batch would be a statement per few legs, and
// a statement has a fixed cost whatever its size; it goes straight to the pool, `sql`).
import { batchQueue } from "../batch-queue";
import { sql } from "../db";
import { logger } from "../log";
import { sharedTick } from "../shared-tick";

export const LIVE_NOTIFY_CHANNEL = "loris_live";

export interface LiveNotice {
  tenantId: string;
  callId: string;
  streamSessionId: string;
  leg: string;
  level: number;
  bytes: number;
  state: string;
}

const NOTIFY_BATCH_MS = 200;
const sendNotices = batchQueue(async (batch: string[]) => {
  try {
    await sql`SELECT pg_notify(${LIVE_NOTIFY_CHANNEL}, p) FROM unnest(${batch}::text[]) WITH ORDINALITY AS t(p, n) ORDER BY n`;
  } catch (error) {
    logger("live-notify").warn({ err: error, notices: batch.length }, "pg_notify failed");
  }
  return batch.map(() => undefined);
}, { maxBatch: 500, waitMs: NOTIFY_BATCH_MS });

function enqueue(payload: string): void {
  void sendNotices(payload);
}

/** Notifiers holding a notice until their second is up; one timer (WAIT_TICK_MS) serves them all (a timer per leg is 1,000 a second at 1,000 legs). */
const WAIT_TICK_MS = 100;
const waiting = new Set<LiveNotifier>();
const ensureWaitTick = sharedTick(WAIT_TICK_MS, () => {
  const now = Date.now();
  for (const notifier of waiting) notifier.sendIfDue(now);
  return waiting.size > 0;
});

/**
 * Per leg: sends now if a second has passed, else once the second is up (latest values win; the
 * shared tick may add up to WAIT_TICK_MS). The notice is built only when it is sent (a leg publishes
 * 50 times a second, a notice goes out once).
 */
export class LiveNotifier {
  private last = 0;
  private pending: (() => LiveNotice) | undefined;

  constructor(private readonly intervalMs = 1000) {}

  notify(notice: () => LiveNotice): void {
    this.pending = notice;
    const now = Date.now();
    if (now - this.last >= this.intervalMs) this.send(now);
    else if (!waiting.has(this)) {
      waiting.add(this);
      ensureWaitTick();
    }
  }

  /** Sends what is pending now (the leg's last word, e.g. "ended"), ignoring the interval once. */
  flushNow(): void {
    if (this.pending) this.send(Date.now());
  }

  /** The shared tick. */
  sendIfDue(now: number): void {
    if (now - this.last >= this.intervalMs) this.send(now);
  }

  private send(now: number): void {
    waiting.delete(this);
    const notice = this.pending;
    this.pending = undefined;
    if (!notice) return;
    this.last = now;
    enqueue(JSON.stringify(notice()));
  }
}
