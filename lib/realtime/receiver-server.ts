// The VoiceStream receiver: a gRPC server for five9.voicestream.Voice/
// StreamingVoice. One LegSession per stream; a stream limit (beyond it:
// SRV_ERROR_NO_RESOURCE + RESOURCE_EXHAUSTED); keepalive that lets Five9 ping
// every 10 s, also without calls; and a drain for SIGTERM: stop accepting,
// ask every live leg to SRV_REQ_RECONNECT (Five9 moves it to another
// replica), wait for them (bounded), close the rest, finalise. Calls are
// finalised when all their legs ended, or by a periodic sweep once a cut leg
// did not come back (works across replicas and after a crash).
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { BlobStore } from "../blob/blob-store";
import { warmUpDatabase } from "../db";
import { logger } from "../log";
import type { LiveBus } from "./bus";
import { callIsOver, callsDueForFinalise, finaliseCall } from "./finalise-call";
import { widenConnectionWindow } from "./http2-window";
import { LegSession, type LegSessionOptions } from "./leg-session";
import type { VoiceServerCall } from "./leg-replies";
import { TERMINAL_END } from "./leg-progress";
import { saveSegmentsProgress } from "./leg-storage";
import { LoadGovernor, type GovernorOptions, type GovernorStats } from "./load-governor";
import { receiverServiceDefinition } from "./voice-decode";

export interface ReceiverOptions {
  port: number;
  host?: string;
  store: BlobStore;
  bus: LiveBus;
  maxStreams: number;
  receiverId?: string;
  /** Bounded wait for legs to leave after RECONNECT on stop. */
  drainTimeoutMs?: number;
  /** Wait after a leg's non-final end (cut) before the call is finalised without it. */
  finaliseAfterMs?: number;
  sweepIntervalMs?: number;
  /** How often every live leg's StreamSession row is updated (one statement for all). */
  progressIntervalMs?: number;
  session?: Partial<Omit<LegSessionOptions, "store" | "bus" | "receiverId" | "log" | "onEnded">>;
  /** Receiver-wide backpressure (event-loop lag, bytes queued across legs). */
  governor?: Partial<GovernorOptions>;
  /** Over receiverServerOptions() (tests shorten the connection timers). */
  serverOptions?: grpc.ServerOptions;
  log?: Logger;
}

export interface Receiver {
  port: number;
  receiverId: string;
  /** Live streams right now. */
  activeStreams(): number;
  sessions(): LegSession[];
  accepting(): boolean;
  /** Event-loop lag, bytes queued, legs paused for load. */
  load(): GovernorStats;
  /** Finalises calls that are due now (also run periodically). */
  sweep(): Promise<void>;
  /** Resolves when finalisations started so far are done (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The largest request message taken: 64 KiB ≈ 4 s of LINEAR16 at 8 kHz (Five9 sends 20 ms, at most a few
 * hundred ms when it catches up; a config is < 4 KiB). Larger: grpc-js ends the stream RESOURCE_EXHAUSTED.
 */
export const MAX_RECEIVE_MESSAGE_BYTES = 64 * 1024;

/** Five9 may ping every 10 s, with or without streams; we ping idle connections every 30 s. */
export const KEEPALIVE_SERVER_OPTIONS: grpc.ServerOptions = {
  "grpc.keepalive_time_ms": 30_000,
  "grpc.keepalive_timeout_ms": 10_000,
  "grpc.keepalive_permit_without_calls": 1,
  "grpc.http2.min_ping_interval_without_data_ms": 10_000,
  "grpc.http2.max_ping_strikes": 0,
  "grpc.max_receive_message_length": MAX_RECEIVE_MESSAGE_BYTES,
};

/**
 * Connection limits against half-open and idle connections (README "Connections"): a connection with no
 * stream for `grpc.max_connection_idle_ms` gets GOAWAY and is closed (also one that never sent the HTTP/2
 * preface — Node opens the session on connect); a connection that stops answering our pings is closed
 * after keepalive time + timeout; one connection carries at most maxStreams + 64 streams (beyond our own
 * limit, so a client still hears SRV_ERROR_NO_RESOURCE from us first).
 */
export function receiverServerOptions(maxStreams: number, overrides: grpc.ServerOptions = {}): grpc.ServerOptions {
  return { ...KEEPALIVE_SERVER_OPTIONS, "grpc.max_connection_idle_ms": 120_000, "grpc.max_concurrent_streams": maxStreams + 64, ...overrides };
}

export async function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const log = options.log ?? logger("voicestream");
  const receiverId = options.receiverId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const live = new Set<LegSession>();
  const finalising = new Set<Promise<unknown>>();
  let accepting = true;
  const finaliseAfterMs = options.finaliseAfterMs ?? 60_000;

  const track = (p: Promise<unknown>) => {
    finalising.add(p);
    void p.finally(() => finalising.delete(p));
  };
  const finalise = (callId: string) =>
    track(
      finaliseCall(options.store, callId)
        .then((files) => files && log.info({ callId, files: files.map((f) => f.leg) }, "live audio finalised"))
        .catch((error: unknown) => log.error({ err: error, callId }, "live audio finalisation failed")),
    );

  const sessionOptions: LegSessionOptions = {
    holdKeepaliveMs: 15_000,
    configTimeoutMs: 10_000,
    idleTimeoutMs: 60_000,
    highWaterBytes: 512 * 1024,
    lowWaterBytes: 64 * 1024,
    maxQueuedBytes: 4 * 1024 * 1024,
    syncIntervalMs: 800,
    ...options.session,
    store: options.store,
    bus: options.bus,
    receiverId,
    log,
    onEnded(session) {
      live.delete(session);
      // The session's row is saved before onEnded; a call whose legs all ended for good is finalised now.
      if (session.callId && session.endStatus && TERMINAL_END(session.endStatus)) {
        const callId = session.callId;
        track(callIsOver(callId).then((over) => over && finalise(callId)).catch(() => undefined));
      }
    },
  };

  const governor = new LoadGovernor(() => live, options.governor);
  governor.start();
  // Every live leg's progress once a second, in one statement.
  let saving = false;
  const progressTimer = setInterval(() => {
    if (saving) return;
    saving = true;
    void Promise.all([...live].map((s) => s.progressRow()))
      .then((rows) => saveSegmentsProgress(rows.filter((r) => r !== undefined)))
      .catch((error: unknown) => log.warn({ err: error }, "could not save leg progress"))
      .finally(() => (saving = false));
  }, options.progressIntervalMs ?? 1000);
  progressTimer.unref();
  const server = new grpc.Server(receiverServerOptions(options.maxStreams, options.serverOptions));
  server.addService(receiverServiceDefinition(), {
    StreamingVoice(call: VoiceServerCall) {
      if (!accepting || live.size >= options.maxStreams) {
        const reason = accepting ? `stream limit of ${options.maxStreams} reached` : "receiver is shutting down";
        call.on("error", () => undefined);
        call.write({ status: { code: "SRV_ERROR_NO_RESOURCE", message: reason } });
        call.emit("error", { code: accepting ? grpc.status.RESOURCE_EXHAUSTED : grpc.status.UNAVAILABLE, details: reason, name: "VoiceStreamError", message: reason });
        return;
      }
      const session = new LegSession(call, sessionOptions);
      live.add(session);
      session.start();
    },
  });
  // Before the first stream (best effort: a database that is down now may be back by then).
  await warmUpDatabase().catch((error: unknown) => log.warn({ err: error }, "could not warm up the database connections"));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`${options.host ?? "0.0.0.0"}:${options.port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  widenConnectionWindow(server, log);

  const sweep = async () => {
    try {
      for (const callId of await callsDueForFinalise(finaliseAfterMs, Math.max(finaliseAfterMs, 120_000))) finalise(callId);
    } catch (error) {
      log.warn({ err: error }, "live audio sweep failed");
    }
  };
  const sweepTimer = setInterval(() => void sweep(), options.sweepIntervalMs ?? 15_000);
  sweepTimer.unref();

  return {
    port,
    receiverId,
    activeStreams: () => live.size,
    sessions: () => [...live],
    accepting: () => accepting,
    load: () => ({ ...governor.stats }),
    sweep,
    idle: async () => {
      while (finalising.size) await Promise.allSettled([...finalising]);
    },
    async stop() {
      accepting = false;
      clearInterval(sweepTimer);
      governor.stop();
      clearInterval(progressTimer);
      const drained = new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      const sessions = [...live];
      log.info({ streams: sessions.length }, "voicestream draining: asking every stream to reconnect");
      for (const s of sessions) s.requestReconnect();
      const timeout = new Promise<"timeout">((resolve) => setTimeout(() => resolve("timeout"), options.drainTimeoutMs ?? 10_000).unref());
      const result = await Promise.race([Promise.all(sessions.map((s) => s.done)).then(() => "drained" as const), timeout]);
      if (result === "timeout") {
        log.warn({ streams: live.size }, "voicestream drain timed out; closing the remaining streams");
        await Promise.all([...live].map((s) => s.forceClose()));
      }
      server.forceShutdown();
      await drained;
      while (finalising.size) await Promise.allSettled([...finalising]);
    },
  };
}
