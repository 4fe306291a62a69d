// One call leg streamed to a subscriber, with Five9 as the gRPC client:
// open the stream, send streaming_config, wait for SRV_REQ_START_STREAMING,
// then send the leg's audio as it "happens" on the simulator clock, HOLD and
// RESUME at the timeline's holds, CALL_ENDED at the end, and half-close.
// The subscriber steers with PAUSE / START, DISCONNECT and RECONNECT.
// Audio is tied to the clock, not buffered: after a pause or a reconnect the
// leg continues from the current moment, and what was missed is a gap.
import { endianness } from "node:os";
import * as grpc from "@grpc/grpc-js";
import type { Logger } from "pino";
import type { CallLeg, RenderLegPcm, SimCall, SimClock } from "../world/types";
import { SAMPLE_RATE_HZ } from "../world/types";
import { FRAME_MS, type CallTimeline } from "./call-timeline";
import type { FrameScheduler, ScheduledWork } from "./frame-scheduler";
import type { Subscription } from "./subscriptions";
import { toTimestamp, type StatusCodeName, type StreamingVoiceResponse, type VoiceClient, type VoiceStreamCall } from "../../proto/voice-proto";

export type LegState = "connecting" | "streaming" | "paused" | "closed";

export interface AudioSentInfo {
  call: SimCall;
  leg: CallLeg;
  /** Simulated instant the chunk's last frame was complete (when it was due). */
  dueSim: number;
  /** Simulated instant it was written. */
  sentSim: number;
  bytes: number;
}

export interface LegOptions {
  call: SimCall;
  leg: CallLeg;
  subscription: Subscription;
  client: VoiceClient;
  clock: SimClock;
  renderLegPcm: RenderLegPcm;
  timeline: CallTimeline;
  scheduler: FrameScheduler;
  log: Logger;
  /** Real ms to wait for SRV_REQ_START_STREAMING. */
  startTimeoutMs: number;
  /** Largest audio chunk (ms) when several frames are due at once (high clock speed, or after a stall). */
  maxChunkMs: number;
  /** Audio further behind than this (sim ms, e.g. after a clock jump) is skipped, not sent in a burst. */
  maxCatchUpMs: number;
  /** Offset (ms from call start) where the stream is cut abruptly (stream_cut fault); null = never. */
  cutAtMs: number | null;
  onAudioSent?: (info: AudioSentInfo) => void;
  onClosed: () => void;
}

interface LegEvent {
  at: number;
  kind: "HOLD" | "RESUME" | "END" | "CUT";
}

const LITTLE_ENDIAN = endianness() === "LE";
/** After CALL_ENDED and half-close, how long (real ms) the subscriber gets to finish before the stream is cancelled. */
const FINISH_GRACE_MS = 10_000;

export class LegStreamer implements ScheduledWork {
  state: LegState = "connecting";
  /** Streams opened so far (1 + reconnects). */
  streamsOpened = 0;
  private stream: VoiceStreamCall | undefined;
  private startTimer: NodeJS.Timeout | undefined;
  private cursorMs = 0;
  private onHold = false;
  private events: LegEvent[];
  private eventIndex = 0;
  private readonly startedAt: number;

  constructor(private readonly o: LegOptions) {
    this.startedAt = o.call.startedAt.getTime();
    this.events = [
      ...o.timeline.holds.flatMap((h): LegEvent[] => [{ at: h.startMs, kind: "HOLD" }, { at: h.endMs, kind: "RESUME" }]),
      ...(o.cutAtMs !== null ? [{ at: o.cutAtMs, kind: "CUT" as const }] : []),
      { at: o.timeline.endMs, kind: "END" as const },
    ].sort((a, b) => a.at - b.at);
  }

  open(): void {
    if (this.state === "closed") return;
    const { call, leg, subscription } = this.o;
    const metadata = new grpc.Metadata();
    metadata.set("x-five9-trust-token", subscription.trustToken);
    const stream = this.o.client.StreamingVoice(metadata);
    this.stream = stream;
    this.streamsOpened++;
    this.state = "connecting";
    stream.on("data", (res: StreamingVoiceResponse) => {
      if (stream === this.stream) this.onResponse(res);
    });
    stream.on("error", (err: grpc.ServiceError) => {
      if (stream !== this.stream) return;
      if (err.code === grpc.status.UNAUTHENTICATED) this.o.log.warn({ callId: call.callId, leg, details: err.details }, "voicestream subscriber rejected the trust token");
      else if (err.code !== grpc.status.CANCELLED) this.o.log.warn({ callId: call.callId, leg, code: err.code, details: err.details }, "voicestream stream failed");
      this.close();
    });
    stream.on("status", () => {
      if (stream === this.stream && this.state !== "closed") this.close();
    });
    stream.write({
      streaming_config: {
        voice_config: { encoding: "LINEAR16", sample_rate_hertz: SAMPLE_RATE_HZ },
        vcc_call_id: call.callId,
        domain_id: call.domainId,
        campaign_id: call.campaign,
        agent_id: call.agentUsername ?? "",
        call_leg: leg,
        trust_token: subscription.trustToken,
        subscription_id: subscription.id,
        skill_id: call.skill ?? "",
      },
    });
    this.startTimer = setTimeout(() => {
      if (stream !== this.stream || this.state !== "connecting") return;
      this.o.log.warn({ callId: call.callId, leg }, "voicestream subscriber did not request START within the timeout");
      this.sendStatus("CLT_ERROR_TIMEOUT", "no SRV_REQ_START_STREAMING received");
      this.finish();
    }, this.o.startTimeoutMs);
  }

  /** Cancels the stream at once (simulator shutdown, subscription removed). */
  cancel(): void {
    if (this.state === "closed") return;
    this.stream?.cancel();
    this.close();
  }

  tick(nowSim: number): number | undefined {
    if (this.state !== "streaming" && this.state !== "paused") return undefined;
    const now = nowSim - this.startedAt;
    const available = Math.floor(now / FRAME_MS) * FRAME_MS;
    const skipUntil = available - this.o.maxCatchUpMs;
    for (;;) {
      const event = this.events[this.eventIndex];
      if (event && event.at <= this.cursorMs) {
        this.eventIndex++;
        this.apply(event);
        if ((this.state as LegState) === "closed") return undefined;
        continue;
      }
      const limit = Math.min(available, event?.at ?? Infinity);
      if (this.cursorMs >= limit) break;
      if (this.state === "streaming" && !this.onHold) this.sendAudio(Math.max(this.cursorMs, skipUntil), limit);
      this.cursorMs = limit;
    }
    const next = Math.min(this.cursorMs + FRAME_MS, this.events[this.eventIndex]?.at ?? Infinity);
    return this.startedAt + next;
  }

  private onResponse(res: StreamingVoiceResponse): void {
    const code = res.status?.code;
    if (!code || code === "SUCCESS") return;
    switch (code) {
      case "SRV_REQ_START_STREAMING":
        if (this.state === "connecting") this.begin();
        else if (this.state === "paused") this.state = "streaming";
        return;
      case "SRV_REQ_PAUSE_STREAMING":
        if (this.state === "streaming") this.state = "paused";
        return;
      case "SRV_REQ_DISCONNECT":
        this.o.log.info({ callId: this.o.call.callId, leg: this.o.leg }, "voicestream subscriber asked to disconnect");
        this.finish();
        return;
      case "SRV_REQ_RECONNECT":
        this.reconnect();
        return;
      default:
        this.o.log.warn({ callId: this.o.call.callId, leg: this.o.leg, code, message: res.status?.message }, "voicestream subscriber reported an error");
        this.finish();
    }
  }

  /** START received on a fresh stream: position the leg at the current moment of the call and start the clock work. */
  private begin(): void {
    clearTimeout(this.startTimer);
    const now = this.o.clock.now() - this.startedAt;
    this.cursorMs = Math.max(0, Math.floor(now / FRAME_MS) * FRAME_MS);
    while (this.events[this.eventIndex] && this.events[this.eventIndex]!.at < this.cursorMs && this.events[this.eventIndex]!.kind !== "END") this.eventIndex++;
    this.onHold = this.o.timeline.holds.some((h) => h.startMs < this.cursorMs && this.cursorMs <= h.endMs);
    this.state = "streaming";
    if (this.onHold) this.sendStatus("CLT_CALL_HOLD");
    this.o.scheduler.schedule(this, this.o.clock.now());
  }

  private reconnect(): void {
    this.o.log.info({ callId: this.o.call.callId, leg: this.o.leg }, "voicestream subscriber asked to reconnect");
    clearTimeout(this.startTimer);
    this.o.scheduler.cancel(this);
    const old = this.stream;
    this.stream = undefined; // ignore anything the old stream still says
    old?.end();
    setTimeout(() => old?.cancel(), FINISH_GRACE_MS).unref();
    this.open();
  }

  private apply(event: LegEvent): void {
    switch (event.kind) {
      case "HOLD":
        this.onHold = true;
        this.sendStatus("CLT_CALL_HOLD");
        return;
      case "RESUME":
        this.onHold = false;
        this.sendStatus("CLT_CALL_RESUME");
        return;
      case "CUT":
        this.o.log.info({ callId: this.o.call.callId, leg: this.o.leg }, "stream_cut fault: cancelling the stream mid-call");
        this.cancel();
        return;
      case "END":
        this.sendStatus("CLT_CALL_ENDED");
        this.finish();
    }
  }

  private sendAudio(fromMs: number, toMs: number): void {
    for (let a = fromMs; a < toMs; a += this.o.maxChunkMs) {
      const b = Math.min(toMs, a + this.o.maxChunkMs);
      const samplesPerMs = SAMPLE_RATE_HZ / 1000;
      const pcm = this.o.renderLegPcm(this.o.call, this.o.leg, a * samplesPerMs, (b - a) * samplesPerMs);
      const bytes = Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength);
      if (!LITTLE_ENDIAN) bytes.swap16();
      // send_time is the instant of the chunk's first sample: the same on both legs for the same moment.
      this.stream?.write({ audio_content: bytes, send_time: toTimestamp(this.startedAt + a) });
      this.o.onAudioSent?.({ call: this.o.call, leg: this.o.leg, dueSim: this.startedAt + b, sentSim: this.o.clock.now(), bytes: bytes.length });
    }
  }

  private sendStatus(code: StatusCodeName, message = ""): void {
    this.stream?.write({ streaming_status: { code, message } });
  }

  /** Half-closes after our last message; the subscriber ends its side. */
  private finish(): void {
    const stream = this.stream;
    this.close();
    stream?.end();
    if (stream) setTimeout(() => stream.cancel(), FINISH_GRACE_MS).unref();
  }

  private close(): void {
    if (this.state === "closed") return;
    this.state = "closed";
    clearTimeout(this.startTimer);
    this.o.scheduler.cancel(this);
    this.o.onClosed();
  }
}
