// One call seen by one subscription: the CTI events on the call's timeline
// and, when an agent took the call, one gRPC stream per leg.
import type { Logger } from "pino";
import type { CallLeg, RenderLegPcm, SimCall, SimClock } from "../world/types";
import { callTimeline, FRAME_MS, type CallTimeline } from "./call-timeline";
import type { CtiEventPoster, CtiEventType } from "./cti-events";
import type { FrameScheduler } from "./frame-scheduler";
import { LegStreamer, type AudioSentInfo } from "./leg-streamer";
import type { Subscription } from "./subscriptions";
import type { VoiceClient } from "../../proto/voice-proto";

/** Where a VoiceStream fault comes from (the simulator's FaultRegistry fits). Truthy = it fires once. */
export interface VoiceStreamFaultSource {
  take(type: "stream_cut", domainId?: string): unknown;
}

export interface CallSessionOptions {
  call: SimCall;
  subscription: Subscription;
  client: VoiceClient;
  clock: SimClock;
  renderLegPcm: RenderLegPcm;
  scheduler: FrameScheduler;
  events: CtiEventPoster;
  faults?: VoiceStreamFaultSource;
  log: Logger;
  startTimeoutMs: number;
  maxChunkMs: number;
  maxCatchUpMs: number;
  onAudioSent?: (info: AudioSentInfo) => void;
  onDone: () => void;
}

const LEGS: CallLeg[] = ["AGENT", "CUSTOMER"];

export class CallSession {
  readonly legs: LegStreamer[] = [];
  private stopped = false;
  /** The timeline's current sleep; a fresh controller per step, since the clock leaves its abort listener on the signal. */
  private step: AbortController | undefined;
  private readonly timeline: CallTimeline;
  private openLegs = 0;
  private timelineDone = false;
  private done = false;

  constructor(private readonly o: CallSessionOptions) {
    this.timeline = callTimeline(o.call);
  }

  get call(): SimCall {
    return this.o.call;
  }

  start(): void {
    const { call } = this.o;
    const startedAt = call.startedAt.getTime();
    this.emit("CALL_STARTED", startedAt);
    if (call.agentUsername && !call.abandoned) {
      this.emit("AGENT_CONNECTED", startedAt);
      for (const leg of LEGS) this.startLeg(leg);
    }
    void this.runTimeline();
  }

  /** Stops at once: pending timeline events are dropped, streams cancelled. */
  stop(): void {
    this.stopped = true;
    this.step?.abort();
    for (const leg of this.legs) leg.cancel();
  }

  private startLeg(leg: CallLeg): void {
    const { call } = this.o;
    // One stream_cut fault cuts one leg, somewhere in the second half of what is left of the call.
    const cut = this.o.faults?.take("stream_cut", call.domainId);
    const nowMs = this.o.clock.now() - call.startedAt.getTime();
    const cutAtMs = cut ? Math.floor((nowMs + (this.timeline.endMs - nowMs) * 0.5) / FRAME_MS) * FRAME_MS : null;
    const streamer = new LegStreamer({
      call,
      leg,
      subscription: this.o.subscription,
      client: this.o.client,
      clock: this.o.clock,
      renderLegPcm: this.o.renderLegPcm,
      timeline: this.timeline,
      scheduler: this.o.scheduler,
      log: this.o.log,
      startTimeoutMs: this.o.startTimeoutMs,
      maxChunkMs: this.o.maxChunkMs,
      maxCatchUpMs: this.o.maxCatchUpMs,
      cutAtMs,
      onAudioSent: this.o.onAudioSent,
      onClosed: () => {
        this.openLegs--;
        this.checkDone();
      },
    });
    this.legs.push(streamer);
    this.openLegs++;
    streamer.open();
  }

  private async runTimeline(): Promise<void> {
    const startedAt = this.o.call.startedAt.getTime();
    const steps: { at: number; type: CtiEventType }[] = [
      ...this.timeline.holds.flatMap((h) => [
        { at: h.startMs, type: "CALL_HOLD" as const },
        { at: h.endMs, type: "CALL_RESUME" as const },
      ]),
      ...(this.timeline.transferAtMs !== null ? [{ at: this.timeline.transferAtMs, type: "CALL_TRANSFERRED" as const }] : []),
      { at: this.timeline.endMs, type: "CALL_ENDED" as const },
    ].sort((a, b) => a.at - b.at);
    try {
      for (const step of steps) {
        if (this.stopped) return;
        const due = startedAt + step.at;
        this.step = new AbortController();
        await this.o.clock.sleep(due - this.o.clock.now(), this.step.signal);
        if (this.stopped) return;
        this.emit(step.type, due);
      }
    } catch {
      return; // aborted
    } finally {
      this.timelineDone = true;
      this.checkDone();
    }
  }

  private emit(type: CtiEventType, atSim: number): void {
    void this.o.events.post(this.o.subscription, this.o.call, type, atSim);
  }

  private checkDone(): void {
    if (this.done || !this.timelineDone || this.openLegs > 0) return;
    this.done = true;
    this.o.onDone();
  }
}
