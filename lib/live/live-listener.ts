// One LISTEN connection per web process, shared by every live view open in
// it: notices on `loris_live` (ids only, see live-notices.ts) go to the
// subscribers, which read what they show from the rows of their own tenant.
// The latest level and state of each leg are kept here (not in the database:
// they change every second). A lost connection is re-opened with backoff;
// subscribers are told so they re-read (notices sent meanwhile are lost).
import pg from "pg";
import { databaseUrl } from "../env";
import { logger } from "../log";
import { LIVE_NOTIFY_CHANNEL, parseLiveNotice, type LiveViewNotice } from "./live-notices";

export interface LegLevel {
  level: number;
  state: string;
  at: number;
}

export type HubSignal = { type: "notice"; notice: LiveViewNotice } | { type: "reconnected" };
type Subscriber = (signal: HubSignal) => void;

/** Levels older than this are not shown (the leg went quiet or ended). */
export const LEVEL_FRESH_MS = 3_000;
const LEVEL_KEEP_MS = 60_000;
const CLOSE_WHEN_IDLE_MS = 30_000;

export class LiveNoticeHub {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private readonly subscribers = new Set<Subscriber>();
  private readonly levels = new Map<string, LegLevel & { tenantId: string }>();
  private idleTimer: NodeJS.Timeout | undefined;
  private retryMs = 500;
  private closed = false;
  private everConnected = false;

  constructor(private readonly url: () => string = databaseUrl) {}

  /** Starts listening (if not yet) and resolves once LISTEN is in place. */
  async subscribe(subscriber: Subscriber): Promise<() => void> {
    clearTimeout(this.idleTimer);
    this.subscribers.add(subscriber);
    await this.ensureConnected();
    return () => {
      this.subscribers.delete(subscriber);
      if (this.subscribers.size === 0) this.idleTimer = setTimeout(() => void this.disconnect(), CLOSE_WHEN_IDLE_MS).unref();
    };
  }

  /** The fresh levels of a tenant's legs, by StreamSession id. */
  levelsOf(tenantId: string, now = Date.now()): Record<string, LegLevel> {
    const out: Record<string, LegLevel> = {};
    for (const [id, l] of this.levels) {
      if (now - l.at > LEVEL_KEEP_MS) this.levels.delete(id);
      else if (l.tenantId === tenantId && now - l.at <= LEVEL_FRESH_MS) out[id] = { level: l.level, state: l.state, at: l.at };
    }
    return out;
  }

  get listening(): boolean {
    return Boolean(this.client);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    await this.disconnect();
  }

  private ensureConnected(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url(), application_name: "loris-live-view" });
    client.on("notification", (n) => {
      if (n.channel !== LIVE_NOTIFY_CHANNEL || !n.payload) return;
      const notice = parseLiveNotice(n.payload);
      if (!notice) return;
      if (notice.kind === "leg") this.levels.set(notice.streamSessionId, { tenantId: notice.tenantId, level: notice.level, state: notice.state, at: Date.now() });
      this.emit({ type: "notice", notice });
    });
    client.on("error", (error) => {
      logger("live-view").warn({ err: error }, "live LISTEN connection failed; reconnecting");
      this.lost(client);
    });
    client.on("end", () => this.lost(client));
    await client.connect();
    await client.query(`LISTEN ${LIVE_NOTIFY_CHANNEL}`);
    this.client = client;
    this.retryMs = 500;
    if (this.everConnected) this.emit({ type: "reconnected" });
    this.everConnected = true;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    void client.end().catch(() => {});
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.subscribers.size === 0) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 10_000);
    setTimeout(() => {
      this.ensureConnected().catch((error: unknown) => {
        logger("live-view").warn({ err: error }, "live LISTEN reconnect failed");
        this.scheduleReconnect();
      });
    }, wait).unref();
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  private emit(signal: HubSignal): void {
    for (const s of this.subscribers) {
      try {
        s(signal);
      } catch (error) {
        logger("live-view").warn({ err: error }, "live view subscriber threw");
      }
    }
  }
}

const holder = globalThis as unknown as { lorisLiveHub?: LiveNoticeHub };

/** The process's hub (one LISTEN connection, however many live views are open). */
export function liveNoticeHub(): LiveNoticeHub {
  holder.lorisLiveHub ??= new LiveNoticeHub();
  return holder.lorisLiveHub;
}
