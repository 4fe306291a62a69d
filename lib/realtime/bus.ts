// Live audio and leg status, fanned out to Loris's real-time analysis. One
// interface; in-process by default (one process, tests), NATS JetStream when
// NATS_URL is set (nats-bus.ts). Subjects and shapes: README.md.
//   loris.live.<tenantId>.<callId>.<leg>.audio   LiveAudioMessage (≤ 200 ms of audio)
//   loris.live.<tenantId>.<callId>.<leg>.status  LiveStatusMessage
// callId is Loris's Call.id (subject-safe); the Five9 call id is in the body.
// Publishing never throws and never waits: a slow bus must not stall a leg.
import { EventEmitter } from "node:events";

export type LiveLeg = "agent" | "customer" | "supervisor";
export type LiveLegState = "streaming" | "hold" | "paused" | "ended";

/** What names a leg's segment on the bus (and to its publisher). */
export interface LiveBase {
  tenantId: string;
  callId: string;
  five9CallId: string;
  leg: LiveLeg;
  streamSessionId: string;
  segment: number;
}

export interface LiveAudioMessage extends LiveBase {
  type: "audio";
  /** send_time of the first sample (epoch ms). */
  sendTimeMs: number;
  durationMs: number;
  encoding: "LINEAR16";
  sampleRateHz: 8000;
  /** RMS 0–1 and display level 0–1 (-60..0 dBFS). */
  rms: number;
  level: number;
  /** When the receiver got the chunk (epoch ms), for latency measurements. */
  receivedAt: number;
  /** Base64 of the PCM bytes. */
  audio: string;
}

export interface LiveStatusMessage extends LiveBase {
  type: "status";
  state: LiveLegState;
  /** Set with state "ended": call_ended | disconnect | cut | … (StreamSession.endStatus). */
  endStatus?: string;
  campaign?: string;
  at: number;
}

export type LiveMessage = LiveAudioMessage | LiveStatusMessage;

export function liveSubject(m: Pick<LiveBase, "tenantId" | "callId" | "leg">, kind: "audio" | "status"): string {
  return `loris.live.${m.tenantId}.${m.callId}.${m.leg}.${kind}`;
}

/** NATS-style match: `*` one token, `>` the rest. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split(".");
  const s = subject.split(".");
  for (let i = 0; i < p.length; i++) {
    if (p[i] === ">") return s.length > i;
    if (i >= s.length || (p[i] !== "*" && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}

export type LiveHandler = (subject: string, message: LiveMessage) => void;

export interface LiveBus {
  readonly description: string;
  publish(message: LiveMessage): void;
  /** Messages from now on whose subject matches `pattern`; returns an unsubscribe. */
  subscribe(pattern: string, handler: LiveHandler): Promise<() => Promise<void>>;
  /** Waits until everything published so far has been handed to the bus. */
  flush(): Promise<void>;
  close(): Promise<void>;
  /** Publishes that failed (bus down): counted, never thrown. */
  readonly failures: number;
}

export class InProcessBus implements LiveBus {
  readonly description = "in-process";
  failures = 0;
  private readonly events = new EventEmitter().setMaxListeners(0);
  /** Published, not yet delivered: subject, message, subject, message, … (one microtask for all, not a closure each). */
  private readonly queue: (string | LiveMessage)[] = [];
  private readonly deliver = () => {
    const queue = this.queue;
    // Delivery may publish again (a subscriber): those go out in the next microtask.
    const n = queue.length;
    try {
      for (let i = 0; i < n; i += 2) this.events.emit("message", queue[i], queue[i + 1]);
    } finally {
      queue.splice(0, n);
      if (queue.length) queueMicrotask(this.deliver);
    }
  };

  publish(message: LiveMessage): void {
    const subject = liveSubject(message, message.type);
    // Delivered on the next tick: a subscriber's work never runs inside a leg's data handler.
    if (!this.queue.length) queueMicrotask(this.deliver);
    this.queue.push(subject, message);
  }

  async subscribe(pattern: string, handler: LiveHandler): Promise<() => Promise<void>> {
    // The common pattern "loris.live.<tenant>.>" is a prefix test; anything else is matched token by token.
    const prefix = /^[^*>]*\.>$/.test(pattern) ? pattern.slice(0, -1) : undefined;
    const listener = (subject: string, message: LiveMessage) => {
      if (prefix ? !subject.startsWith(prefix) : !subjectMatches(pattern, subject)) return;
      try {
        handler(subject, message);
      } catch {
        this.failures++;
      }
    };
    this.events.on("message", listener);
    return async () => {
      this.events.off("message", listener);
    };
  }

  async flush(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  async close(): Promise<void> {
    this.events.removeAllListeners();
  }
}
