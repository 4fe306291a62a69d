// One gRPC stream = one call leg segment, from Five9's first message to the
// stream's end: the protocol state machine (docs/five9.md §3), in order:
//   1. the first message must be streaming_config (else INVALID_ARGUMENT);
//   2. both trust tokens and the subscription id must match the tenant's
//      subscription (else UNAUTHENTICATED, nothing stored, no hint which part);
//   3. only LINEAR16 at 8 kHz (else feedback + error status + INVALID_ARGUMENT);
//   4. a campaign the admin did not choose is ended politely (SRV_REQ_DISCONNECT);
//   5. storage opens (Call, StreamSession, append blob), THEN START is sent;
//   6. audio is placed by send_time, appended (leg-writer.ts) and published
//      (leg-publisher.ts); HOLD/RESUME are recorded (leg-keepalive.ts keeps
//      the stream alive meanwhile); CALL_ENDED, DISCONNECT and the client
//      error codes set the end status; unknown codes are logged.
// Every refusal sends an SRV_ERROR_* status, then the gRPC code. Backpressure
// (leg-flow.ts): the leg's storage queue behind, or the whole receiver
// overloaded (load-governor.ts), pauses the client; START when drained.
import type * as grpc from "@grpc/grpc-js";
import { status as grpcStatus } from "@grpc/grpc-js";
import type { Logger } from "pino";
import { z } from "zod";
import { fromTimestamp, type StatusCodeName, type StreamingConfig, type StreamingVoiceResponse } from "../../proto/voice-proto";
import type { BlobStore } from "../blob/blob-store";
import type { LiveBus, LiveLeg, LiveLegState } from "./bus";
import { LegFlow } from "./leg-flow";
import { HoldKeepalive } from "./leg-keepalive";
import { LegPublisher } from "./leg-publisher";
import { noteCallFirstAudio, openSegment, saveSegment, upsertStreamCall, type Hold, type OpenedSegment, type SegmentProgress } from "./leg-storage";
import { LegTimeline, type Gap } from "./leg-timeline";
import { LegWriter } from "./leg-writer";
import { LiveNotifier } from "./live-notify";
import { authenticateStream, markStreamSeen } from "./subscription-auth";
import type { GovernedLeg } from "./load-governor";
import type { ReceivedVoiceRequest } from "./voice-decode";

export type VoiceServerCall = grpc.ServerDuplexStream<ReceivedVoiceRequest, StreamingVoiceResponse>;

export interface LegSessionOptions {
  store: BlobStore;
  bus: LiveBus;
  receiverId: string;
  log: Logger;
  /** Status sent while on hold (or paused) at this interval. */
  holdKeepaliveMs: number;
  /** A stream that sends no config within this is ended (DEADLINE_EXCEEDED). */
  configTimeoutMs: number;
  /** Queued (not yet written) bytes above which the client is paused, and below which it resumes. */
  highWaterBytes: number;
  lowWaterBytes: number;
  /** Queued bytes at which the leg is ended (client ignores PAUSE). */
  maxQueuedBytes: number;
  syncIntervalMs: number;
  onEnded(session: LegSession): void;
}

const configSchema = z.object({
  vcc_call_id: z.string().min(1, "vcc_call_id is empty").max(200),
  domain_id: z.string().max(64),
  subscription_id: z.string().max(200),
  campaign_id: z.string().max(500),
  agent_id: z.string().max(500),
  skill_id: z.string().max(500),
  trust_token: z.string().max(1000),
  call_leg: z.enum(["AGENT", "CUSTOMER", "SUPERVISOR"], { message: "call_leg must be AGENT, CUSTOMER or SUPERVISOR" }),
  voice_config: z.object({ encoding: z.union([z.string(), z.number()]), sample_rate_hertz: z.number() }).nullish(),
});

const CLIENT_ERRORS = new Set(["CLT_ERROR_NO_RESOURCE", "CLT_ERROR_TIMEOUT", "CLT_ERROR_GENERIC"]);
/** End statuses after which the leg will not come back (the call can be finalised). */
export const TERMINAL_END = (endStatus: string) => endStatus === "call_ended" || endStatus === "disconnect" || endStatus.startsWith("client_error:");
const MAX_EARLY_MESSAGES = 500;
/** The application status sent before a refusing gRPC code. */
const ERROR_STATUS_FOR: Partial<Record<grpc.status, StatusCodeName>> = {
  [grpcStatus.DEADLINE_EXCEEDED]: "SRV_ERROR_TIMEOUT",
  [grpcStatus.RESOURCE_EXHAUSTED]: "SRV_ERROR_NO_RESOURCE",
  [grpcStatus.UNAVAILABLE]: "SRV_ERROR_NO_RESOURCE",
};

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
  private heldSinceAudio = false;
  private onHold = false;
  private callEnded = false;
  private reconnectRequested = false;
  private halfClosed = false;
  private cutSeen = false;
  private errorSent = false;
  private replied = false;
  private configTimer: NodeJS.Timeout | undefined;
  private readonly notifier = new LiveNotifier();
  // Times as epoch ms (a Date per frame costs); converted when saved.
  private readonly progress = { startSentAt: undefined as Date | undefined, firstAudioMs: undefined as number | undefined, lastAudioMs: undefined as number | undefined, bytes: 0, offsetBytes: -1, endBytes: 0, gaps: [] as Gap[], holds: [] as Hold[], timeToFirstAudioMs: undefined as number | undefined };
  /** Resolves when the session has fully ended (storage closed). */
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    private readonly call: VoiceServerCall,
    private readonly o: LegSessionOptions,
  ) {
    this.metadataToken = call.metadata.get("x-five9-trust-token")[0]?.toString();
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    this.keepalive = new HoldKeepalive(o.holdKeepaliveMs, () => this.send("SUCCESS", "keepalive"));
    this.flow = new LegFlow({
      pause: (reason) => {
        this.send("SRV_REQ_PAUSE_STREAMING", reason === "storage" ? "storage is behind" : "receiver is overloaded");
        this.keepalive.set("paused", true);
        this.publishState("paused");
      },
      resume: () => {
        this.keepalive.set("paused", false);
        this.send("SRV_REQ_START_STREAMING", "resume");
        this.publishState(this.onHold ? "hold" : "streaming");
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
    this.send("SRV_REQ_RECONNECT", "receiver is shutting down; reconnect");
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
    if (this.state === "streaming") return this.handle(req);
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
    const now = new Date();
    switch (code) {
      case "SUCCESS":
        return;
      case "CLT_CALL_HOLD":
        if (this.onHold) return;
        this.onHold = true;
        this.heldSinceAudio = true;
        this.progress.holds.push({ from: now.toISOString() });
        this.keepalive.set("hold", true);
        this.publishState("hold");
        return;
      case "CLT_CALL_RESUME": {
        if (!this.onHold) return;
        this.onHold = false;
        const open = this.progress.holds.at(-1);
        if (open && !open.to) open.to = now.toISOString();
        this.keepalive.set("hold", false);
        this.publishState(this.flow.paused ? "paused" : "streaming");
        return;
      }
      case "CLT_CALL_ENDED":
        this.callEnded = true;
        this.endStatus = "call_ended";
        return;
      case "CLT_DISCONNECT":
        this.endStatus ??= "disconnect";
        return;
      default:
        if (typeof code === "string" && CLIENT_ERRORS.has(code)) {
          this.o.log.warn({ callId: this.config?.vcc_call_id, leg: this.leg, code, message }, "Five9 reported an error on the stream");
          this.endStatus ??= `client_error:${code}`;
          return;
        }
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

  private async acceptConfig(raw: StreamingConfig): Promise<void> {
    const parsed = configSchema.safeParse(raw);
    if (!parsed.success) {
      this.refuse(grpcStatus.INVALID_ARGUMENT, `invalid streaming_config: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      return;
    }
    const config = (this.config = raw);
    try {
      const auth = await authenticateStream({ domainId: config.domain_id, subscriptionId: config.subscription_id, campaign: config.campaign_id, metadataToken: this.metadataToken, configToken: config.trust_token });
      if (!auth.ok) {
        this.o.log.warn({ domainId: config.domain_id, reason: auth.reason }, "voicestream stream refused");
        this.refuse(grpcStatus.UNAUTHENTICATED, "not authorised");
        return;
      }
      const encoding = config.voice_config?.encoding;
      const rate = config.voice_config?.sample_rate_hertz;
      if (encoding !== "LINEAR16" || rate !== 8000) {
        const message = `unsupported audio: ${String(encoding ?? "none")} at ${rate ?? 0} Hz; only LINEAR16 at 8000 Hz is accepted`;
        this.write({ feedback: { voice_config: { encoding: "LINEAR16", sample_rate_hertz: 8000 } } });
        this.send("SRV_ERROR_GENERIC", message);
        this.refuse(grpcStatus.INVALID_ARGUMENT, message);
        return;
      }
      if (!auth.campaignChosen) {
        this.o.log.info({ tenantId: auth.tenantId, campaign: config.campaign_id }, "voicestream stream of a campaign not chosen: disconnected");
        this.send("SRV_REQ_DISCONNECT", "campaign not covered by this subscription");
        this.end({ code: grpcStatus.OK, details: "" });
        return;
      }
      this.tenantId = auth.tenantId;
      this.leg = config.call_leg.toLowerCase() as LiveLeg;
      this.callId = await upsertStreamCall({ tenantId: auth.tenantId, five9CallId: config.vcc_call_id, campaign: config.campaign_id, agentUsername: config.agent_id, skill: config.skill_id, startedAt: this.configAt });
      this.segment = await openSegment({ tenantId: auth.tenantId, callId: this.callId, leg: this.leg, subscriptionId: config.subscription_id, receiverId: this.o.receiverId, configAt: this.configAt });
      this.timeline = new LegTimeline({ originMs: this.segment.originMs, positionBytes: this.segment.positionBytes });
      this.progress.endBytes = this.segment.positionBytes;
      const handle = await this.o.store.openAppend(this.segment.blobKey, { syncIntervalMs: this.o.syncIntervalMs, contentType: "audio/L16;rate=8000" });
      this.writer = new LegWriter(handle, { afterWrite: () => this.afterWrite(), onError: (error) => this.onStorageError(error) });
      const ids = { tenantId: auth.tenantId, callId: this.callId, five9CallId: config.vcc_call_id, leg: this.leg, streamSessionId: this.segment.id, segment: this.segment.segment };
      this.publisher = new LegPublisher(this.o.bus, ids, (level) => this.notify(level));
      void markStreamSeen(auth.subscriptionRowId).catch(() => undefined);
    } catch (error) {
      this.o.log.error({ err: error, callId: config.vcc_call_id }, "could not open the leg's storage");
      this.send("SRV_ERROR_NO_RESOURCE", "storage unavailable; retry");
      if (this.segment) {
        this.state = "streaming";
        await this.finish("storage_error", { code: grpcStatus.UNAVAILABLE, details: "storage unavailable" });
      } else this.refuse(grpcStatus.UNAVAILABLE, "storage unavailable");
      return;
    }
    if (this.state !== "opening") {
      // Cancelled while storage was opening: close what was opened, as a cut segment.
      await this.writer?.close().catch(() => undefined);
      await saveSegment(this.segment.id, { ...this.snapshot(), endStatus: "cut", endedAt: new Date() }).catch(() => undefined);
      return;
    }
    this.state = "streaming";
    this.progress.startSentAt = new Date();
    this.send("SRV_REQ_START_STREAMING");
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
    const continues = p.offsetBytes < 0 && this.segment!.continues;
    const reason = this.flow.pausedSinceAudio ? "paused" : continues ? "reconnect" : "jump";
    const placed = this.timeline.place(chunk, sendTimeMs, receivedAt, reason);
    if (placed.gap && !(this.heldSinceAudio && placed.gap.reason === "jump")) p.gaps.push(placed.gap);
    this.flow.pausedSinceAudio = false;
    this.heldSinceAudio = false;
    const data = placed.data;
    if (data.length === 0) return;
    if (p.offsetBytes < 0) {
      p.offsetBytes = placed.positionBytes;
      p.firstAudioMs = placed.atMs;
      p.timeToFirstAudioMs = receivedAt - this.configAt.getTime();
      if (this.segment!.segment === 1) void noteCallFirstAudio(this.callId!, new Date(placed.atMs)).catch(() => undefined);
    }
    p.lastAudioMs = placed.atMs;
    p.bytes += data.length;
    p.endBytes = placed.positionBytes + data.length;
    const writer = this.writer!;
    writer.queue(data, placed.positionBytes - p.offsetBytes);
    if (writer.queuedBytes > this.o.maxQueuedBytes) {
      void this.finish("overrun", { code: grpcStatus.RESOURCE_EXHAUSTED, details: "audio kept coming while paused" });
      return;
    }
    if (writer.queuedBytes > this.o.highWaterBytes) this.flow.pause("storage");
    this.publisher!.add(data, placed.atMs, receivedAt);
  }

  private afterWrite(): void {
    if (this.state !== "streaming" || !this.flow.has("storage") || this.writer!.queuedBytes > this.o.lowWaterBytes) return;
    this.flow.resume("storage");
  }

  private onStorageError(error: unknown): void {
    this.o.log.error({ err: error, callId: this.callId, leg: this.leg }, "live audio write failed");
    this.send("SRV_ERROR_NO_RESOURCE", "storage failed; reconnect");
    void this.finish("storage_error", { code: grpcStatus.UNAVAILABLE, details: "storage failed" });
  }

  private notify(level: number): void {
    this.notifier.notify({ tenantId: this.tenantId!, callId: this.callId!, streamSessionId: this.segment!.id, leg: this.leg!, level, bytes: this.progress.bytes, state: this.legState() });
  }

  private publishState(state: LiveLegState): void {
    if (!this.segment) return;
    this.publisher?.flush();
    const ids = { tenantId: this.tenantId!, callId: this.callId!, five9CallId: this.config!.vcc_call_id, leg: this.leg!, streamSessionId: this.segment.id, segment: this.segment.segment };
    this.o.bus.publish({ ...ids, type: "status", state, endStatus: state === "ended" ? this.endStatus : undefined, campaign: this.config?.campaign_id, at: Date.now() });
    this.notifier.notify({ tenantId: this.tenantId!, callId: this.callId!, streamSessionId: this.segment.id, leg: this.leg!, level: state === "streaming" ? (this.publisher?.lastLevel ?? 0) : 0, bytes: this.progress.bytes, state });
  }

  private legState(): LiveLegState {
    return this.onHold ? "hold" : this.flow.paused ? "paused" : "streaming";
  }

  // ── progress and end ─────────────────────────────────────────────────────

  private snapshot() {
    const p = this.progress;
    const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
    return {
      startSentAt: p.startSentAt,
      firstAudioAt: date(p.firstAudioMs),
      lastAudioAt: date(p.lastAudioMs),
      bytes: p.bytes,
      offsetBytes: Math.max(0, p.offsetBytes < 0 ? p.endBytes : p.offsetBytes),
      endBytes: p.endBytes,
      gaps: [...p.gaps],
      holds: p.holds.map((h) => ({ ...h })),
      timeToFirstAudioMs: p.timeToFirstAudioMs,
    };
  }

  /** For the receiver's once-a-second progress save: the row as of now, its audio written and fsynced first. */
  async progressRow(): Promise<(SegmentProgress & { id: string }) | undefined> {
    if (this.state !== "streaming" || !this.segment) return undefined;
    try {
      await this.writer?.sync();
    } catch (error) {
      this.o.log.warn({ err: error, callId: this.callId }, "could not sync leg audio");
    }
    return this.state === "streaming" ? { id: this.segment.id, ...this.snapshot() } : undefined;
  }

  /** Ends a stream that stored nothing, with an error status. */
  private refuse(code: grpc.status, details: string): void {
    if (this.state === "ended") return;
    clearTimeout(this.configTimer);
    this.state = "ended";
    this.endStatus = "refused";
    this.end({ code, details });
    this.resolveDone();
    this.o.onEnded(this);
  }

  /** Ends a stream whose storage is open: drain writes, close the blob, save the row, answer the client. */
  private async finish(endStatus: string, reply: { code: grpc.status; details: string } | null): Promise<void> {
    if (this.state === "ending" || this.state === "ended") return;
    if (this.state === "awaiting_config" || this.state === "opening") {
      if (reply) this.refuse(reply.code, reply.details);
      else {
        // Cancelled before storage was open: acceptConfig sees state ended and stops; anything it opened is closed there.
        this.state = "ended";
        this.endStatus = "cut";
        clearTimeout(this.configTimer);
        this.resolveDone();
        this.o.onEnded(this);
      }
      return;
    }
    this.state = "ending";
    // A cut after CALL_ENDED (Five9 cancels once it said goodbye) is still an ended call.
    this.endStatus = endStatus === "cut" && this.endStatus && TERMINAL_END(this.endStatus) ? this.endStatus : endStatus;
    this.keepalive.stop();
    this.flow.clear();
    // Errors are answered at once; a clean end only once the audio is durable.
    if (reply && reply.code !== grpcStatus.OK) this.end(reply);
    try {
      await this.writer?.close();
      const open = this.progress.holds.at(-1);
      if (open && !open.to) open.to = new Date().toISOString();
      if (this.cutSeen && (this.endStatus === "closed" || this.endStatus === "reconnect_requested")) this.endStatus = "cut";
      await saveSegment(this.segment!.id, { ...this.snapshot(), endStatus: this.endStatus, endedAt: new Date() });
    } catch (error) {
      this.o.log.error({ err: error, callId: this.callId, leg: this.leg }, "could not close the leg's storage");
    }
    this.publishState("ended");
    this.notifier.flushNow();
    if (reply && reply.code === grpcStatus.OK) this.end(reply);
    this.state = "ended";
    this.resolveDone();
    this.o.onEnded(this);
  }

  private send(code: StatusCodeName, message = ""): void {
    if (code.startsWith("SRV_ERROR")) this.errorSent = true;
    this.write({ status: { code, message } });
  }

  private write(response: StreamingVoiceResponse): void {
    if (this.call.cancelled || this.call.writableEnded || this.call.destroyed) return;
    try {
      this.call.write(response);
    } catch {
      // The stream went away between the check and the write.
    }
  }

  private end(reply: { code: grpc.status; details: string }): void {
    if (this.replied) return;
    this.replied = true;
    if (this.call.cancelled || this.call.destroyed) return;
    if (reply.code === grpcStatus.OK) {
      this.call.end();
      return;
    }
    // Five9 reads the application status; the gRPC code follows it (docs/five9.md §3).
    if (!this.errorSent) this.send(ERROR_STATUS_FOR[reply.code] ?? "SRV_ERROR_GENERIC", reply.details);
    this.call.emit("error", { code: reply.code, details: reply.details, name: "VoiceStreamError", message: reply.details });
  }
}
