// CTI call events POSTed to a subscription's event URL. Five9 does not
// publish the body, so the simulator defines it (sim/voicestream/README.md):
// one JSON object per event with a stable `eventId` (the same on every retry)
// and a per-call `sequence`, so receivers can drop duplicates and order events.
// Events of one call are delivered one at a time, in order, with retries.
import type { Logger } from "pino";
import type { SimCall } from "../world/types";
import type { Subscription } from "./subscriptions";

export type CtiEventType = "CALL_STARTED" | "AGENT_CONNECTED" | "CALL_HOLD" | "CALL_RESUME" | "CALL_TRANSFERRED" | "CALL_ENDED";

export interface CtiEvent {
  eventId: string;
  eventType: CtiEventType;
  /** Simulated time of the event, ISO 8601 UTC. */
  timestamp: string;
  /** 1, 2, 3… within one call and subscription. */
  sequence: number;
  subscriptionId: string;
  domainId: string;
  callVariables: Record<string, string>;
}

export function callVariables(call: SimCall, type: CtiEventType): Record<string, string> {
  const vars: Record<string, string> = {
    "Call.call_id": call.callId,
    "Call.session_id": call.sessionId,
    "Call.ANI": call.ani,
    "Call.DNIS": call.dnis,
    "Call.campaign_name": call.campaign,
    "Call.type": call.callType,
    "Call.skill_name": call.skill ?? "",
    "Call.start_timestamp": call.startedAt.toISOString(),
    "Agent.user_name": call.agentUsername ?? "",
    "Agent.full_name": call.agentName ?? "",
  };
  if (type === "CALL_ENDED") {
    vars["Call.disposition_name"] = call.disposition;
    vars["Call.length"] = String(call.durationSec);
    vars["Call.abandoned"] = String(call.abandoned);
  }
  return vars;
}

export interface CtiPosterOptions {
  log: Logger;
  /** Delays (real ms) before each retry; default 250, 1000, 3000. */
  retryDelaysMs?: number[];
  timeoutMs?: number;
}

export class CtiEventPoster {
  private queues = new Map<string, Promise<void>>();
  private sequences = new Map<string, number>();
  private closed = false;
  /** One controller per request in flight (not one shared signal: every fetch would add a listener to it). */
  private readonly inFlight = new Set<AbortController>();

  constructor(private readonly options: CtiPosterOptions) {}

  /** Queues an event for a call; resolves when it was delivered or given up on. */
  post(sub: Subscription, call: SimCall, eventType: CtiEventType, atSim: number): Promise<void> {
    const key = `${sub.id}|${call.callId}`;
    const sequence = (this.sequences.get(key) ?? 0) + 1;
    this.sequences.set(key, sequence);
    const event: CtiEvent = {
      eventId: `${sub.id}:${call.callId}:${sequence}`,
      eventType,
      timestamp: new Date(atSim).toISOString(),
      sequence,
      subscriptionId: sub.id,
      domainId: call.domainId,
      callVariables: callVariables(call, eventType),
    };
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(sub, event));
    this.queues.set(key, next);
    if (eventType === "CALL_ENDED") {
      // The last event of a call: forget its bookkeeping once delivered.
      void next.then(() => {
        if (this.queues.get(key) === next) {
          this.queues.delete(key);
          this.sequences.delete(key);
        }
      });
    }
    return next;
  }

  /** Waits for queued events (bounded by their retries), then refuses new ones. */
  async close(): Promise<void> {
    this.closed = true;
    for (const c of this.inFlight) c.abort();
    await Promise.allSettled([...this.queues.values()]);
  }

  private async deliver(sub: Subscription, event: CtiEvent): Promise<void> {
    const delays = this.options.retryDelaysMs ?? [250, 1000, 3000];
    for (let attempt = 0; attempt <= delays.length && !this.closed; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, delays[attempt - 1]).unref());
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), this.options.timeoutMs ?? 5_000);
      this.inFlight.add(controller);
      try {
        const res = await fetch(sub.eventUrl, {
          method: "POST",
          headers: { "content-type": "application/json", "x-five9-trust-token": sub.trustToken, "x-five9-event-id": event.eventId },
          body: JSON.stringify(event),
          signal: controller.signal,
        });
        await res.body?.cancel().catch(() => {});
        if (res.ok) return;
        // 4xx other than 408/429 will not get better by retrying.
        if (res.status < 500 && res.status !== 408 && res.status !== 429) {
          this.options.log.warn({ status: res.status, eventId: event.eventId }, "cti event rejected by the event URL");
          return;
        }
      } catch (error) {
        if (this.closed) return;
        this.options.log.debug({ err: error, eventId: event.eventId, attempt }, "cti event delivery failed");
      } finally {
        clearTimeout(timer);
        this.inFlight.delete(controller);
      }
    }
    this.options.log.warn({ eventId: event.eventId, eventType: event.eventType }, "cti event given up after retries");
  }
}
