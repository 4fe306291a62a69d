// For browsers: a small Postgres NOTIFY per leg, at most once a second, on
// channel `loris_live` — ids and small numbers only (NOTIFY payloads are
// capped at 8 kB and every web replica's LISTEN gets them). The live view
// reads details from the database / bus by these ids.
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

/** Per leg: sends now if a second has passed, else once the second is up (latest values win). */
export class LiveNotifier {
  private last = 0;
  private pending: LiveNotice | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> = Promise.resolve();

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
    // One at a time per leg, so a slow first query (pool connecting) cannot reorder the leg's notices.
    const payload = JSON.stringify(notice);
    this.sending = this.sending
      .then(() => db().$executeRaw`SELECT pg_notify(${LIVE_NOTIFY_CHANNEL}, ${payload})`)
      .then(() => undefined)
      .catch((error: unknown) => logger("live-notify").warn({ err: error }, "pg_notify failed"));
  }
}
