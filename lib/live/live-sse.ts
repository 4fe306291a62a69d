// The live view's Server-Sent Events for one tenant, one per browser tab:
//   event: snapshot  id: <version>  data: LiveSnapshot (calls, legs, events, ended calls)
//   event: levels    data: { [streamSessionId]: { level, state } }  (≤ 4/s, from the notices alone)
//   : ping           every 15 s (proxies keep the connection; the browser notices a dead one)
// A notice of the tenant that changes what is shown (a new leg, a state, an
// event) re-reads the snapshot (coalesced to one read per 250 ms); every 5 s
// it is re-read anyway (a leg the sweep closed sends no notice). A reconnect
// with Last-Event-ID equal to the current version skips the unchanged snapshot.
import { logger } from "../log";
import { liveSnapshot, type LiveSnapshot } from "./live-calls";
import { liveLegState } from "./leg-state";
import { liveNoticeHub, type HubSignal, type LiveNoticeHub } from "./live-listener";

export const SSE_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
} as const;

export interface LiveStreamOptions {
  tenantId: string;
  lastEventId: string | null;
  signal: AbortSignal;
  hub?: LiveNoticeHub;
  heartbeatMs?: number;
  refreshMs?: number;
}

export interface LiveLegWithLevel {
  level: number;
}

/** The snapshot with each leg's current level (0 when no fresh notice) and hold/pause from the notices. */
export function withLevels(snapshot: LiveSnapshot, levels: Record<string, { level: number; state: string }>) {
  return {
    ...snapshot,
    calls: snapshot.calls.map((c) => ({
      ...c,
      legs: c.legs.map((l) => {
        const fresh = levels[l.streamSessionId];
        const state = liveLegState(l.state, fresh?.state);
        return { ...l, state, level: fresh && state !== "ended" ? fresh.level : 0 };
      }),
    })),
  };
}

const encoder = new TextEncoder();

export function liveEventStream(options: LiveStreamOptions): Response {
  const hub = options.hub ?? liveNoticeHub();
  const { tenantId } = options;
  let cleanup: (() => void) | undefined;
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      let version = options.lastEventId ?? "";
      let known = new Map<string, string>();
      let reading: Promise<void> | undefined;
      let again = false;
      let levelsDirty = false;
      const timers: NodeJS.Timeout[] = [];
      const write = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      const send = (event: string, data: unknown, id?: string) => write(`${id !== undefined ? `id: ${id}\n` : ""}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const readSnapshot = async () => {
        const snapshot = await liveSnapshot(tenantId);
        known = new Map(snapshot.calls.flatMap((c) => c.legs.map((l) => [l.streamSessionId, l.state] as const)));
        if (snapshot.version === version) return;
        version = snapshot.version;
        send("snapshot", withLevels(snapshot, hub.levelsOf(tenantId)), version);
      };
      const refresh = () => {
        if (reading) {
          again = true;
          return;
        }
        reading = readSnapshot()
          .catch((error: unknown) => {
            logger("live-view").warn({ err: error, tenantId }, "live snapshot failed");
            send("problem", { message: "Could not read the live calls; retrying." });
          })
          .finally(() => {
            reading = undefined;
            if (again && open) {
              again = false;
              timers.push(setTimeout(refresh, 250));
            }
          });
      };
      const onSignal = (signal: HubSignal) => {
        if (signal.type === "reconnected") return refresh();
        const n = signal.notice;
        if (n.tenantId !== tenantId) return;
        if (n.kind === "event") return refresh();
        levelsDirty = true;
        const was = known.get(n.streamSessionId);
        const state = n.state === "streaming" ? ["streaming", "waiting", "reconnecting"] : [n.state];
        if (was === undefined || !state.includes(was)) refresh();
      };
      const close = () => {
        if (!open) return;
        open = false;
        timers.forEach(clearInterval);
        unsubscribe?.();
        options.signal.removeEventListener("abort", close);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      cleanup = close;
      options.signal.addEventListener("abort", close);
      let unsubscribe: (() => void) | undefined;
      write("retry: 3000\n\n");
      try {
        unsubscribe = await hub.subscribe(onSignal);
      } catch (error) {
        logger("live-view").warn({ err: error }, "live view could not LISTEN");
        send("problem", { message: "Live updates are unavailable right now; retrying." });
        return close();
      }
      if (!open) return unsubscribe();
      refresh();
      timers.push(setInterval(() => {
        if (!levelsDirty) return;
        levelsDirty = false;
        const levels = hub.levelsOf(tenantId);
        send("levels", Object.fromEntries(Object.entries(levels).map(([id, l]) => [id, { level: l.level, state: l.state }])));
      }, 250));
      timers.push(setInterval(refresh, options.refreshMs ?? 5_000));
      timers.push(setInterval(() => write(": ping\n\n"), options.heartbeatMs ?? 15_000));
    },
    cancel() {
      cleanup?.();
    },
  });
  return new Response(body, { headers: SSE_HEADERS });
}

/** What a snapshot event carries. */
export type LiveViewSnapshot = ReturnType<typeof withLevels>;
export type LiveViewLevels = Record<string, { level: number; state: string }>;
