// Stored CTI events on the live bus, for Loris's real-time analysis, beside
// the receiver's audio and status: subject
//   loris.live.<tenantId>.<callId>.call.event
// (the token where audio and status name the leg says "call": an event is
// about the whole call), so `loris.live.<tenantId>.>` carries everything of a
// tenant and `loris.live.*.*.call.event` only events. One bus per process,
// made on first use: NATS JetStream when NATS_URL is set, else in-process.
import { env } from "../env";
import { logger } from "../log";
import { InProcessBus, type LiveBus, type LiveMessage } from "../realtime/bus";
import { createLiveBus } from "../realtime/live-bus-from-env";
import type { CtiEventType } from "./cti-event";

export interface LiveCallEventMessage {
  type: "event";
  tenantId: string;
  /** Loris's Call.id (subject-safe); the Five9 call id is in the body. */
  callId: string;
  five9CallId: string;
  leg: "call";
  /** CallEvent.id, and Five9's event id. */
  callEventId: string;
  eventId: string;
  eventType: CtiEventType;
  sequence: number;
  /** The event's time (epoch ms). */
  occurredAt: number;
  variables: Record<string, string>;
}

export function liveEventSubject(m: Pick<LiveCallEventMessage, "tenantId" | "callId">): string {
  return `loris.live.${m.tenantId}.${m.callId}.call.event`;
}

const holder = globalThis as unknown as { lorisLiveEventBus?: Promise<LiveBus> };

/** The process's live bus for call events (consumers in the same process subscribe to it). */
export function callEventBus(): Promise<LiveBus> {
  holder.lorisLiveEventBus ??= createLiveBus(env().NATS_URL).catch((error: unknown) => {
    logger("live-events").warn({ err: error }, "live bus unavailable; call events are stored but not published");
    return new InProcessBus();
  });
  return holder.lorisLiveEventBus;
}

/** Publishes without waiting on the bus (a slow bus never delays Five9's answer); failures are logged. */
export async function publishCallEvent(message: LiveCallEventMessage, bus?: LiveBus): Promise<void> {
  try {
    // The bus names the subject from (tenantId, callId, leg, type): "call" + "event" give the subject above.
    (bus ?? (await callEventBus())).publish(message as unknown as LiveMessage);
  } catch (error) {
    logger("live-events").warn({ err: error }, "publishing a call event failed");
  }
}
