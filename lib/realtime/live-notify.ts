// For browsers: a small Postgres NOTIFY per leg, at most once a second, on
// channel `loris_live` — ids and small numbers only (NOTIFY payloads are
// capped at 8 kB and every web replica's LISTEN gets them). The live view
// reads details from the database / bus by these ids. The notices of all legs
// go out together, one statement per batch (1,000 legs would otherwise cost
// 1,000 statements a second); batches are sent one after another, so a leg's
// notices keep their order.
import { db } from "../db";
import { logger } from "../log";

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

const queued: string[] = [];
let sending = false;

function enqueue(payload: string): void {
  queued.push(payload);
  if (!sending) void sendQueued();
}

async function sendQueued(): Promise<void> {
  sending = true;
  // Let the notices of this turn of the event loop join the batch.
  await new Promise<void>((resolve) => setImmediate(resolve));
  while (queued.length) {
    const batch = queued.splice(0, 500);
    try {
      await db().$executeRaw`SELECT pg_notify(${LIVE_NOTIFY_CHANNEL}, p) FROM unnest(${batch}::text[]) WITH ORDINALITY AS t(p, n) ORDER BY n`;
    } catch (error) {
      logger("live-notify").warn({ err: error, notices: batch.length }, "pg_notify failed");
    }
  }
  sending = false;
}

/** Per leg: sends now if a second has passed, else once the second is up (latest values win). */
export class LiveNotifier {
  private last = 0;
  private pending: LiveNotice | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly intervalMs = 1000) {}

  notify(notice: LiveNotice): void {
    this.pending = notice;
    const wait = this.last + this.intervalMs - Date.now();
    if (wait <= 0) this.send();
    else this.timer ??= setTimeout(() => this.send(), wait);
  }

  /** Sends what is pending now (the leg's last word, e.g. "ended"), ignoring the interval once. */
  flushNow(): void {
    if (this.pending) this.send();
  }

  private send(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const notice = this.pending;
    this.pending = undefined;
    if (!notice) return;
    this.last = Date.now();
    enqueue(JSON.stringify(notice));
  }
}
