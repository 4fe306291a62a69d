// The simulator's VoiceStream: subscriptions (created by a "Five9 admin"
// through the JSON API or the admin page), event URL validation, and for
// every call of a subscribed campaign, CTI events plus one gRPC stream per
// leg to the subscriber. See sim/voicestream/README.md.
import * as grpc from "@grpc/grpc-js";
import pino, { type Logger } from "pino";
import type { CallFeed, RenderLegPcm, SimCall, SimClock } from "../world/types";
import { CallSession, type VoiceStreamFaultSource } from "./call-session";
import { CtiEventPoster } from "./cti-events";
import { FrameScheduler } from "./frame-scheduler";
import type { AudioSentInfo } from "./leg-streamer";
import { createSubscriptionHandlers, type SubscriptionHandlers } from "./subscription-http";
import type { VoiceStreamSubscriptions } from "./subscriptions";
export type { VoiceStreamSubscriptions } from "./subscriptions";
import {
  covers,
  createSubscriptionSchema,
  SubscriptionInputError,
  SubscriptionStore,
  toPublic,
  validateEventUrl,
  type PublicSubscription,
  type Subscription,
} from "./subscriptions";
import { loadVoiceProto, type VoiceClient } from "../../proto/voice-proto";

export interface VoiceStreamOptions {
  feed: CallFeed;
  clock: SimClock;
  renderLegPcm: RenderLegPcm;
  faults?: VoiceStreamFaultSource;
  log?: Logger;
  /** Whether a domain exists (`(id) => world.domains.has(id)`); subscriptions to unknown domains are refused. Default: all exist. */
  domainExists?: (domainId: string) => boolean;
  /** Real ms a new stream waits for SRV_REQ_START_STREAMING. Default 5000. */
  startTimeoutMs?: number;
  /** Real ms for the event URL validation GET. Default 5000. */
  validationTimeoutMs?: number;
  /** Largest audio chunk in ms when frames pile up. Default 200 (one 20 ms frame at a time when on schedule). */
  maxChunkMs?: number;
  /** Audio further behind than this (sim ms) is skipped rather than sent in a burst. Default 5000. */
  maxCatchUpMs?: number;
  /** Real ms before each CTI event retry. Default [250, 1000, 3000]. */
  eventRetryDelaysMs?: number[];
  /** Observes every audio chunk written (benchmarks, tests). */
  onAudioSent?: (info: AudioSentInfo) => void;
}

export interface VoiceStreamService {
  subscriptions: VoiceStreamSubscriptions;
  /** HTTP handlers `(req, res, params)`: JSON API and the admin page. */
  handlers: SubscriptionHandlers;
  /** The same handlers with their method and path (`:name` = param), for a router. */
  routes: { method: "GET" | "POST" | "DELETE"; path: string; handler: SubscriptionHandlers[keyof SubscriptionHandlers] }[];
  /** Calls being streamed right now. */
  activeCalls(): { callId: string; subscriptionId: string; legs: { leg: string; state: string; streamsOpened: number }[] }[];
  stop(): Promise<void>;
}

export function startVoiceStream(options: VoiceStreamOptions): VoiceStreamService {
  const log = options.log ?? pino({ level: "silent" });
  const store = new SubscriptionStore();
  const scheduler = new FrameScheduler(options.clock);
  const events = new CtiEventPoster({ log, retryDelaysMs: options.eventRetryDelaysMs });
  const proto = loadVoiceProto();
  const clients = new Map<string, VoiceClient>();
  const sessions = new Set<{ session: CallSession; subscriptionId: string }>();
  const domainListeners = new Map<string, () => void>();
  let stopped = false;

  /** One channel per endpoint: every leg to a subscriber shares its HTTP/2 connection, as streams. */
  const clientFor = (endpoint: string): VoiceClient => {
    let client = clients.get(endpoint);
    if (!client) {
      client = new proto.Voice(endpoint, grpc.credentials.createInsecure());
      clients.set(endpoint, client);
    }
    return client;
  };

  const onCall = (call: SimCall) => {
    if (stopped) return;
    // Announced too late to stream anything (e.g. the clock jumped past the whole call).
    if (options.clock.now() >= call.startedAt.getTime() + call.durationSec * 1000) return;
    for (const sub of store.list(call.domainId)) {
      if (!covers(sub, call.campaign)) continue;
      const entry = {
        subscriptionId: sub.id,
        session: new CallSession({
          call,
          subscription: sub,
          client: clientFor(sub.grpcEndpoint),
          clock: options.clock,
          renderLegPcm: options.renderLegPcm,
          scheduler,
          events,
          faults: options.faults,
          log: log.child({ subscriptionId: sub.id, callId: call.callId }),
          startTimeoutMs: options.startTimeoutMs ?? 5_000,
          maxChunkMs: options.maxChunkMs ?? 200,
          maxCatchUpMs: options.maxCatchUpMs ?? 5_000,
          onAudioSent: options.onAudioSent,
          onDone: () => sessions.delete(entry),
        }),
      };
      sessions.add(entry);
      entry.session.start();
    }
  };

  /** Listens to a domain's calls only while it has an active subscription. */
  const syncListeners = () => {
    const wanted = new Set(store.list().filter((s) => s.status === "active").map((s) => s.domainId));
    if (stopped) wanted.clear();
    for (const domainId of wanted) if (!domainListeners.has(domainId)) domainListeners.set(domainId, options.feed.onCallStarted(domainId, onCall));
    for (const [domainId, unsubscribe] of domainListeners) {
      if (wanted.has(domainId)) continue;
      unsubscribe();
      domainListeners.delete(domainId);
    }
  };

  const validate = async (sub: Subscription): Promise<PublicSubscription> => {
    sub.status = "pending";
    sub.failureReason = null;
    const result = await validateEventUrl(sub.eventUrl, sub.trustToken, options.validationTimeoutMs ?? 5_000);
    sub.validatedAt = new Date(options.clock.now()).toISOString();
    if (result.ok) sub.status = "active";
    else {
      sub.status = "failed";
      sub.failureReason = result.reason;
      log.info({ subscriptionId: sub.id, reason: result.reason }, "voicestream subscription failed validation");
    }
    syncListeners();
    return toPublic(sub);
  };

  const subscriptions: VoiceStreamSubscriptions = {
    create: async (domainId, input) => {
      // The world throws (asynchronously, in its call watcher) for a domain it does not know: refuse up front.
      if (options.domainExists && !options.domainExists(domainId)) throw new SubscriptionInputError(404, `No domain with id ${domainId}`);
      const sub = store.add(domainId, createSubscriptionSchema.parse(input), new Date(options.clock.now()));
      return validate(sub);
    },
    list: (domainId) => store.list(domainId).map(toPublic),
    get: (domainId, id) => {
      const sub = store.get(domainId, id);
      return sub && toPublic(sub);
    },
    validate: async (domainId, id) => {
      const sub = store.get(domainId, id);
      return sub && validate(sub);
    },
    remove: (domainId, id) => {
      const sub = store.remove(domainId, id);
      if (!sub) return false;
      for (const entry of sessions) {
        if (entry.subscriptionId !== id) continue;
        entry.session.stop();
        sessions.delete(entry);
      }
      syncListeners();
      return true;
    },
  };

  const handlers = createSubscriptionHandlers(subscriptions);
  return {
    subscriptions,
    handlers,
    routes: [
      { method: "POST", path: "/_sim/domains/:domainId/voicestream/subscriptions", handler: handlers.createSubscription },
      { method: "GET", path: "/_sim/domains/:domainId/voicestream/subscriptions", handler: handlers.listSubscriptions },
      { method: "GET", path: "/_sim/domains/:domainId/voicestream/subscriptions/:id", handler: handlers.getSubscription },
      { method: "POST", path: "/_sim/domains/:domainId/voicestream/subscriptions/:id/validate", handler: handlers.validateSubscription },
      { method: "DELETE", path: "/_sim/domains/:domainId/voicestream/subscriptions/:id", handler: handlers.deleteSubscription },
      { method: "GET", path: "/admin/voicestream", handler: handlers.adminPage },
    ],
    activeCalls: () =>
      [...sessions].map(({ session, subscriptionId }) => ({
        callId: session.call.callId,
        subscriptionId,
        legs: session.legs.map((l, i) => ({ leg: i === 0 ? "AGENT" : "CUSTOMER", state: l.state, streamsOpened: l.streamsOpened })),
      })),
    stop: async () => {
      stopped = true;
      syncListeners();
      for (const { session } of sessions) session.stop();
      sessions.clear();
      await scheduler.stop();
      await events.close();
      for (const client of clients.values()) client.close();
      clients.clear();
    },
  };
}
