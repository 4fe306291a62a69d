// One gRPC stream = one call leg segment, from Five9's first message to the
// stream's end (docs/five9.md §3): the first message must be streaming_config;
// leg-config.ts judges it; storage opens (Call, StreamSession, append blob),
// THEN START is sent; audio is placed by send_time (leg-timeline.ts), appended
// (leg-writer.ts) and published (leg-publisher.ts); client statuses
// (leg-client-status.ts) set hold periods and the end status (leg-progress.ts);
// leg-keepalive.ts keeps a held or paused stream alive, leg-flow.ts pauses the client while storage or the
// whole receiver (load-governor.ts) is behind; leg-replies.ts answers.
import { status as grpcStatus } from "@grpc/grpc-js";
import type { Logger } from "pino";
import { fromTimestamp, type StatusCodeName, type StreamingConfig } from "../../proto/voice-proto";
import type { BlobStore } from "../blob/blob-store";
import type { LiveBus, LiveLeg, LiveLegState } from "./bus";
import { judgeConfig } from "./leg-config";
import { LegFlow } from "./leg-flow";
import { IdleWatch } from "./leg-idle";
import { HoldKeepalive } from "./leg-keepalive";
import { clientStatusMeaning } from "./leg-client-status";
import { LegProgress, TERMINAL_END } from "./leg-progress";
import { LegPublisher } from "./leg-publisher";
import { noteCallFirstAudio, openSegment, saveSegment, upsertStreamCall, type OpenedSegment, type SegmentProgress } from "./leg-storage";
import { LegTimeline, type Placement } from "./leg-timeline";
import { LegReplies, type FinalReply, type VoiceServerCall } from "./leg-replies";
import { LegWriter } from "./leg-writer";
import { LiveNotifier } from "./live-notify";
import { markStreamSeen } from "./subscription-auth";
import type { GovernedLeg } from "./load-governor";
import type { ReceivedVoiceRequest } from "./voice-decode";

export interface LegSessionOptions {
  store: BlobStore;
  bus: LiveBus;
  receiverId: string;
  log: Logger;
  /** Status sent while on hold (or paused) at this interval. */
  holdKeepaliveMs: number;
  /** A stream that sends no config within this is ended (DEADLINE_EXCEEDED). */
  configTimeoutMs: number;
  /** A streaming leg, not on hold and not paused, that sends nothing for this long is ended (DEADLINE_EXCEEDED; leg-idle.ts). */
  idleTimeoutMs: number;
  /** Queued (not yet written) bytes above which the client is paused, and below which it resumes. */
  highWaterBytes: number;
  lowWaterBytes: number;
  /** Queued bytes a leg may not exceed: audio beyond is dropped (a gap "overrun") and the leg ended (client ignores PAUSE). */
  maxQueuedBytes: number;
  syncIntervalMs: number;
  onEnded(session: LegSession): void;
}

const MAX_EARLY_MESSAGES = 500;
type State = "awaiting_config" | "opening" | "streaming" | "ending" | "ended";

export class LegSession implements GovernedLeg {
  state: State = "awaiting_config";
  endStatus: string | undefined;
  tenantId: string | undefined;
  callId: string | undefined;
  leg: LiveLeg | undefined;
  segment: OpenedSegment | undefined;
  private config: StreamingConfig | undefined;
  private readonly configAt = new Date();
  private readonly metadataToken: string | undefined;
  private early: ReceivedVoiceRequest[] = [];
  private writer: LegWriter | undefined;
  private publisher: LegPublisher | undefined;
  private timeline = new LegTimeline();
  private readonly flow: LegFlow;
  private readonly keepalive: HoldKeepalive;
  private readonly idle: IdleWatch;
  private callEnded = false;
  private reconnectRequested = false;
  private halfClosed = false;
  private cutSeen = false;
  private readonly replies: LegReplies;
  private configTimer: NodeJS.Timeout | undefined;
  private readonly notifier = new LiveNotifier();
  private readonly progress = new LegProgress();
  /** Resolves when the session has fully ended (storage closed). */
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    private readonly call: VoiceServerCall,
    private readonly o: LegSessionOptions,
  ) {
    this.replies = new LegReplies(call);
    this.metadataToken = call.metadata.get("x-five9-trust-token")[0]?.toString();
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.keepalive = new HoldKeepalive(o.holdKeepaliveMs, () => this.replies.send("SUCCESS", "keepalive"));
    this.idle = new IdleWatch(o.idleTimeoutMs, () => this.progress.onHold || this.flow.paused, () => this.onIdle());
    this.flow = new LegFlow({
      pause: (reason) => {
        this.replies.send("SRV_REQ_PAUSE_STREAMING", reason === "storage" ? "storage is behind" : "receiver is overloaded");
        this.keepalive.set("paused", true);
        this.publishState("paused");
      },
      resume: () => {
        this.idle.touch();
        this.keepalive.set("paused", false);
        this.replies.send("SRV_REQ_START_STREAMING", "resume");
        this.publishState(this.progress.onHold ? "hold" : "streaming");
      },
    });
  }

  start(): void {
    this.configTimer = setTimeout(() => this.refuse(grpcStatus.DEADLINE_EXCEEDED, `no streaming_config within ${this.o.configTimeoutMs} ms`), this.o.configTimeoutMs);
    this.call.on("data", (req: ReceivedVoiceRequest) => this.onMessage(req));
    // A client's cancel (RST_STREAM) reaches us as "end" then "cancelled": look one turn later.
    this.call.on("end", () => setImmediate(() => this.onHalfClose()));
    this.call.on("cancelled", () => {
      this.cutSeen = true;
      void this.finish("cut", null);
    });
    this.call.on("error", (error: Error) => {
      this.o.log.warn({ err: error, callId: this.config?.vcc_call_id }, "voicestream stream error");
      void this.finish("cut", null);
    });
  }

  /** Shutdown drain: ask Five9 to move this leg to another replica. */
  requestReconnect(): void {
    if (this.state === "ending" || this.state === "ended") return;
    if (this.state !== "streaming") {
      this.refuse(grpcStatus.UNAVAILABLE, "receiver is shutting down");
      return;
    }
    this.reconnectRequested = true;
    this.replies.send("SRV_REQ_RECONNECT", "receiver is shutting down; reconnect");
  }

  /** After the drain timeout: end the stream (UNAVAILABLE) and close its storage. */
  async forceClose(): Promise<void> {
    if (this.state === "ended") return;
    if (this.state === "awaiting_config" || this.state === "opening") this.refuse(grpcStatus.UNAVAILABLE, "receiver is shutting down");
    else await this.finish("shutdown", { code: grpcStatus.UNAVAILABLE, details: "receiver is shutting down" });
    await this.done;
  }

  // ── the load governor's view ─────────────────────────────────────────────

  queuedBytes(): number {
    return this.writer?.queuedBytes ?? 0;
  }
  governable(): boolean {
    return this.state === "streaming";
  }
  pausedForLoad(): boolean {
    return this.flow.has("load");
  }
  pausedAt(): number {
    return this.flow.paused ? this.flow.pausedAt : 0;
  }
  pauseForLoad(): void {
    if (this.state === "streaming") this.flow.pause("load");
  }
  resumeForLoad(): void {
    if (this.state === "streaming") this.flow.resume("load");
  }

  // ── messages ─────────────────────────────────────────────────────────────

  private onMessage(req: ReceivedVoiceRequest): void {
    if (this.state === "streaming") {
      this.idle.touch();
      return this.handle(req);
    }
    if (this.state === "ending" || this.state === "ended") return;
    if (this.state === "awaiting_config") {
      clearTimeout(this.configTimer);
      if (req.streaming_request !== "streaming_config" || !req.streaming_config) {
        this.refuse(grpcStatus.INVALID_ARGUMENT, "the first message must be streaming_config");
        return;
      }
      this.state = "opening";
      void this.acceptConfig(req.streaming_config);
      return;
    }
    // opening: held until START is sent.
    if (this.early.length >= MAX_EARLY_MESSAGES) this.refuse(grpcStatus.RESOURCE_EXHAUSTED, "too many messages before SRV_REQ_START_STREAMING");
    else this.early.push(req);
  }

  private handle(req: ReceivedVoiceRequest): void {
    switch (req.streaming_request) {
      case "audio_content":
        if (this.callEnded) {
          void this.finish("protocol_error", { code: grpcStatus.INVALID_ARGUMENT, details: "audio after CLT_CALL_ENDED" });
          return;
        }
        this.onAudio(req.audio_content ?? Buffer.alloc(0), "sendTimeMs" in req ? req.sendTimeMs : fromTimestamp(req.send_time));
        return;
      case "streaming_config":
        void this.finish("protocol_error", { code: grpcStatus.INVALID_ARGUMENT, details: "streaming_config may only be sent once, as the first message" });
        return;
      case "streaming_status":
        this.onStatus(req.streaming_status?.code as StatusCodeName | number | undefined, req.streaming_status?.message ?? "");
        return;
      default:
        this.o.log.warn({ callId: this.config?.vcc_call_id }, "voicestream message with no content ignored");
    }
  }

  private onStatus(code: StatusCodeName | number | undefined, message: string): void {
    const meaning = clientStatusMeaning(code);
    const now = new Date();
    switch (meaning.kind) {
      case "hold":
      case "resume":
        if (!(meaning.kind === "hold" ? this.progress.hold(now) : this.progress.resume(now))) return;
        this.keepalive.set("hold", meaning.kind === "hold");
        this.publishState(this.legState());
        return;
      case "end":
        this.callEnded ||= meaning.callEnded;
        this.endStatus = meaning.overrides ? meaning.endStatus : (this.endStatus ?? meaning.endStatus);
        if (meaning.log) this.o.log.warn({ callId: this.config?.vcc_call_id, leg: this.leg, code, message }, meaning.log);
        return;
      case "unknown":
        this.o.log.warn({ callId: this.config?.vcc_call_id, leg: this.leg, code, message }, "unknown VoiceStream status code ignored");
    }
  }

  private onHalfClose(): void {
    this.halfClosed = true;
    if (this.cutSeen) return;
    if (this.state === "awaiting_config") this.refuse(grpcStatus.INVALID_ARGUMENT, "the stream ended before streaming_config");
    else if (this.state === "streaming") void this.finish(this.endStatus ?? (this.reconnectRequested ? "reconnect_requested" : "closed"), { code: grpcStatus.OK, details: "" });
    // opening: acceptConfig finishes once storage is open.
  }

  // ── config → storage → START ─────────────────────────────────────────────

  private async acceptConfig(config: StreamingConfig): Promise<void> {
    this.config = config;
    try {
      const decision = await judgeConfig(config, this.metadataToken, this.o.log);
      if (decision.kind === "refuse") {
        for (const response of decision.before ?? []) this.replies.write(response);
        this.refuse(decision.code, decision.details);
        return;
      }
      if (decision.kind === "disconnect") {
        this.replies.send("SRV_REQ_DISCONNECT", decision.message);
        this.replies.end({ code: grpcStatus.OK, details: "" });
        return;
      }
      this.tenantId = decision.tenantId;
      this.leg = config.call_leg.toLowerCase() as LiveLeg;
      this.callId = await upsertStreamCall({ tenantId: decision.tenantId, five9CallId: config.vcc_call_id, campaign: config.campaign_id, agentUsername: config.agent_id, skill: config.skill_id, startedAt: this.configAt });
      this.segment = await openSegment({ tenantId: decision.tenantId, callId: this.callId, leg: this.leg, subscriptionId: config.subscription_id, receiverId: this.o.receiverId, configAt: this.configAt });
      this.timeline = new LegTimeline({ originMs: this.segment.originMs, positionBytes: this.segment.positionBytes });
      this.progress.endBytes = this.segment.positionBytes;
      const ids = { tenantId: decision.tenantId, callId: this.callId, five9CallId: config.vcc_call_id, leg: this.leg, streamSessionId: this.segment.id, segment: this.segment.segment };
      this.publisher = new LegPublisher(this.o.bus, ids, this.notifier, () => ({ bytes: this.progress.bytes, state: this.legState() }));
      const handle = await this.o.store.openAppend(this.segment.blobKey, { syncIntervalMs: this.o.syncIntervalMs, contentType: "audio/L16;rate=8000" });
      this.writer = new LegWriter(handle, { afterWrite: () => this.afterWrite(), onError: (error) => this.onStorageError(error) });
      void markStreamSeen(decision.subscriptionRowId).catch(() => undefined);
    } catch (error) {
      this.o.log.error({ err: error, callId: config.vcc_call_id }, "could not open the leg's storage");
      this.replies.send("SRV_ERROR_NO_RESOURCE", "storage unavailable; retry");
      if (this.segment) {
        this.state = "streaming";
        await this.finish("storage_error", { code: grpcStatus.UNAVAILABLE, details: "storage unavailable" });
      } else this.refuse(grpcStatus.UNAVAILABLE, "storage unavailable");
      return;
    }
    if (this.state !== "opening") {
      // Cancelled while storage was opening: close what was opened, as a cut segment.
      await this.writer?.close().catch(() => undefined);
      await saveSegment({ id: this.segment.id, ...this.progress.snapshot(), endStatus: "cut", endedAt: new Date() }).catch(() => undefined);
      return;
    }
    this.state = "streaming";
    this.progress.startSentAt = new Date();
    this.replies.send("SRV_REQ_START_STREAMING");
    this.idle.start();
    this.publishState("streaming");
    const early = this.early;
    this.early = [];
    for (const req of early) if (this.state === "streaming") this.handle(req);
    if (this.halfClosed && this.state === "streaming") this.onHalfClose();
  }

  // ── audio ────────────────────────────────────────────────────────────────

  private onAudio(chunk: Buffer, sendTimeMs: number | undefined): void {
    const receivedAt = Date.now();
    const p = this.progress;
    const continues = !p.hasAudio && this.segment!.continues;
    const reason = this.flow.pausedSinceAudio ? "paused" : continues ? "reconnect" : "jump";
    const placed = this.timeline.place(chunk, sendTimeMs, receivedAt, reason);
    this.flow.pausedSinceAudio = false;
    if (this.writer!.queuedBytes + placed.data.length > this.o.maxQueuedBytes) return this.overrun(placed);
    const first = p.placed(placed, receivedAt, this.configAt.getTime());
    const data = placed.data;
    if (data.length === 0) return;
    if (first && this.segment!.segment === 1) void noteCallFirstAudio(this.callId!, new Date(placed.atMs)).catch(() => undefined);
    const writer = this.writer!;
    writer.queue(data, placed.positionBytes - p.offsetBytes);
    if (writer.queuedBytes > this.o.highWaterBytes) this.flow.pause("storage");
    this.publisher!.add(data, placed.atMs, receivedAt);
  }

  /** The client kept sending while paused and storage is stalled: this chunk is not kept (a gap "overrun"), the leg ends. */
  private overrun(placed: Placement): void {
    this.progress.dropped(placed, "overrun");
    this.o.log.warn({ callId: this.callId, leg: this.leg, queuedBytes: this.writer!.queuedBytes }, "voicestream leg overrun: audio kept coming while paused");
    void this.finish("overrun", { code: grpcStatus.RESOURCE_EXHAUSTED, details: `audio kept coming while paused: more than ${this.o.maxQueuedBytes} bytes waiting for storage` });
  }

  /** Silent without hold or pause for idleTimeoutMs (leg-idle.ts). After CALL_ENDED it is a clean end. */
  private onIdle(): void {
    if (this.state !== "streaming") return;
    if (this.callEnded) void this.finish(this.endStatus ?? "call_ended", { code: grpcStatus.OK, details: "" });
    else void this.finish("idle_timeout", { code: grpcStatus.DEADLINE_EXCEEDED, details: `no message for ${this.o.idleTimeoutMs} ms while streaming (not on hold, not paused)` });
  }

  private afterWrite(): void {
    if (this.state !== "streaming" || !this.flow.has("storage") || this.writer!.queuedBytes > this.o.lowWaterBytes) return;
    this.flow.resume("storage");
  }

  private onStorageError(error: unknown): void {
    this.o.log.error({ err: error, callId: this.callId, leg: this.leg }, "live audio write failed");
    this.replies.send("SRV_ERROR_NO_RESOURCE", "storage failed; reconnect");
    void this.finish("storage_error", { code: grpcStatus.UNAVAILABLE, details: "storage failed" });
  }

  private publishState(state: LiveLegState): void {
    this.publisher?.publishState(state, { endStatus: this.endStatus, campaign: this.config?.campaign_id });
  }

  private legState(): LiveLegState {
    return this.progress.onHold ? "hold" : this.flow.paused ? "paused" : "streaming";
  }

  // ── progress and end ─────────────────────────────────────────────────────

  /**
   * For the receiver's once-a-second progress save: the row as of now, once its audio is written and
   * fsynced — at the writer's own pace (≤ ~700 ms), not forced (leg-writer.ts `durable()`).
   */
  async progressRow(): Promise<(SegmentProgress & { id: string }) | undefined> {
    if (this.state !== "streaming" || !this.segment) return undefined;
    const row = { id: this.segment.id, ...this.progress.snapshot() };
    await this.writer?.durable();
    return this.state === "streaming" ? row : undefined;
  }

  /** Ends a stream that stored nothing, with an error status. */
  private refuse(code: FinalReply["code"], details: string): void {
    if (this.state === "ended") return;
    this.endStatus = "refused";
    this.replies.end({ code, details });
    this.ended();
  }

  /** The session's last step, whichever way it ended. */
  private ended(): void {
    clearTimeout(this.configTimer);
    this.state = "ended";
    this.resolveDone();
    this.o.onEnded(this);
  }

  /** Ends a stream whose storage is open: drain writes, close the blob, save the row, answer the client. */
  private async finish(endStatus: string, reply: FinalReply | null): Promise<void> {
    if (this.state === "ending" || this.state === "ended") return;
    if (this.state === "awaiting_config" || this.state === "opening") {
      if (reply) this.refuse(reply.code, reply.details);
      else {
        // Cancelled before storage was open: acceptConfig sees state ended and stops; anything it opened is closed there.
        this.endStatus = "cut";
        this.ended();
      }
      return;
    }
    this.state = "ending";
    // A cut after CALL_ENDED (Five9 cancels once it said goodbye) is still an ended call.
    this.endStatus = endStatus === "cut" && this.endStatus && TERMINAL_END(this.endStatus) ? this.endStatus : endStatus;
    this.keepalive.stop();
    this.idle.stop();
    this.flow.clear();
    // Errors are answered at once; a clean end only once the audio is durable.
    if (reply && reply.code !== grpcStatus.OK) this.replies.end(reply);
    try {
      await this.writer?.close();
      this.progress.closeOpenHold(new Date());
      if (this.cutSeen && (this.endStatus === "closed" || this.endStatus === "reconnect_requested")) this.endStatus = "cut";
      await saveSegment({ id: this.segment!.id, ...this.progress.snapshot(), endStatus: this.endStatus, endedAt: new Date() });
    } catch (error) {
      this.o.log.error({ err: error, callId: this.callId, leg: this.leg }, "could not close the leg's storage");
    }
    this.publishState("ended");
    this.notifier.flushNow();
    if (reply && reply.code === grpcStatus.OK) this.replies.end(reply);
    this.ended();
  }
}
