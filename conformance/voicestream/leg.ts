// One call leg played as Five9 plays it, over one or more gRPC streams:
// streaming_config first, audio only after SRV_REQ_START_STREAMING (giving
// up with CLT_ERROR_TIMEOUT when START does not come in time), and every
// server request honoured — PAUSE stops audio until START (the paused audio
// is never sent), DISCONNECT half-closes, RECONNECT half-closes and opens a
// new stream with the same config. Everything the receiver says is recorded
// with its arrival time, for the cases to judge.
import * as grpc from "@grpc/grpc-js";
import { toTimestamp, type StatusCodeName, type StreamingConfig, type StreamingVoiceResponse } from "../../proto/voice-proto";
import { RawRequest, type ConformanceClient, type LegCall, type OutgoingRequest } from "./client";
import { encodeStatusRequest } from "./wire";

export interface ReceivedResponse {
  /** ms since the leg was created. */
  at: number;
  /** Which of the leg's streams (0 = first). */
  stream: number;
  code?: string;
  message?: string;
  feedback?: { encoding?: string; sampleRateHertz?: number };
}

export interface StreamEnd {
  at: number;
  stream: number;
  code: number;
  details: string;
}

export interface LegOptions {
  config: StreamingConfig;
  /** x-five9-trust-token; null = header not sent. */
  metadataToken: string | null;
  /** Five9's wait for SRV_REQ_START_STREAMING. */
  startTimeoutMs: number;
  /** Open a new stream on SRV_REQ_RECONNECT (Five9 does). */
  honourReconnect?: boolean;
}

interface StreamState {
  call: LegCall;
  openedAt: number;
  started: boolean;
  halfClosed: boolean;
  ended: boolean;
}

export class Leg {
  readonly responses: ReceivedResponse[] = [];
  readonly ends: StreamEnd[] = [];
  readonly streams: StreamState[] = [];
  paused = false;
  disconnected = false;
  reconnects = 0;
  gaveUp = false;
  audioSent = 0;
  audioSkipped = 0;
  private readonly t0 = performance.now();
  private listeners = new Set<() => void>();

  constructor(
    private readonly client: ConformanceClient,
    readonly options: LegOptions,
  ) {}

  now(): number {
    return performance.now() - this.t0;
  }

  get current(): StreamState | undefined {
    return this.streams[this.streams.length - 1];
  }

  get index(): number {
    return this.streams.length - 1;
  }

  /** Opens a new stream; sends streaming_config first unless told not to. */
  open(sendConfig = true): this {
    const metadata = new grpc.Metadata();
    if (this.options.metadataToken !== null) metadata.set("x-five9-trust-token", this.options.metadataToken);
    const call = this.client.open(metadata);
    const state: StreamState = { call, openedAt: this.now(), started: false, halfClosed: false, ended: false };
    this.streams.push(state);
    const index = this.streams.length - 1;
    call.on("data", (res: StreamingVoiceResponse) => this.onResponse(res, index));
    call.on("status", (status: grpc.StatusObject) => {
      state.ended = true;
      this.ends.push({ at: this.now(), stream: index, code: status.code, details: status.details });
      this.changed();
    });
    call.on("error", () => {}); // the status event carries it
    if (sendConfig) this.write({ streaming_config: this.options.config });
    return this;
  }

  write(message: OutgoingRequest, stream = this.current): boolean {
    if (!stream || stream.halfClosed || stream.ended) return false;
    return stream.call.write(message);
  }

  /** Audio as Five9 sends it: only on a started, unpaused stream (else the chunk is a gap). */
  sendAudio(audio: Buffer, sendTimeMs?: number, force = false): boolean {
    const s = this.current;
    if (!force && (!s?.started || this.paused || this.disconnected)) {
      this.audioSkipped++;
      return true;
    }
    this.audioSent++;
    return this.write(sendTimeMs === undefined ? { audio_content: audio } : { audio_content: audio, send_time: toTimestamp(sendTimeMs) });
  }

  sendStatus(code: StatusCodeName | number, message = ""): void {
    if (typeof code === "number") this.write(new RawRequest(encodeStatusRequest(code, message)));
    else this.write({ streaming_status: { code, message } });
  }

  /** Resolves when the current stream can take more writes. */
  drained(): Promise<void> {
    const s = this.current;
    if (!s || s.ended) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        s.call.off("drain", done);
        this.listeners.delete(done);
        resolve();
      };
      s.call.on("drain", done);
      this.listeners.add(done); // an end releases the writer too
    });
  }

  halfClose(stream = this.current): void {
    if (!stream || stream.halfClosed || stream.ended) return;
    stream.halfClosed = true;
    stream.call.end();
  }

  cancel(stream = this.current): void {
    if (!stream || stream.ended) return;
    stream.halfClosed = true;
    stream.call.cancel();
  }

  startOf(stream = this.index): ReceivedResponse | undefined {
    return this.responses.find((r) => r.stream === stream && r.code === "SRV_REQ_START_STREAMING");
  }

  endOf(stream = this.index): StreamEnd | undefined {
    return this.ends.find((e) => e.stream === stream);
  }

  /** Waits for START on the current stream; without it in time, gives up as Five9 does. */
  async waitForStart(timeoutMs = this.options.startTimeoutMs): Promise<boolean> {
    const stream = this.index;
    await this.until(() => this.startOf(stream) !== undefined || this.endOf(stream) !== undefined || this.index !== stream, timeoutMs);
    if (this.startOf(this.index)) return true;
    if (this.index === stream && !this.endOf(stream)) {
      this.gaveUp = true;
      this.sendStatus("CLT_ERROR_TIMEOUT", "no SRV_REQ_START_STREAMING received");
      this.halfClose();
    }
    return false;
  }

  /** Waits for the current stream's final status (undefined if none in time). */
  async waitForEnd(timeoutMs: number): Promise<StreamEnd | undefined> {
    const stream = this.index;
    await this.until(() => this.endOf(stream) !== undefined, timeoutMs);
    return this.endOf(stream);
  }

  /** CALL_ENDED, half-close, and the receiver's final status; cancelled if it does not come in time. */
  async endCall(timeoutMs: number): Promise<StreamEnd | undefined> {
    this.sendStatus("CLT_CALL_ENDED");
    this.halfClose();
    const end = await this.waitForEnd(timeoutMs);
    if (!end) this.cancel();
    return end;
  }

  /** Resolves true once check() holds (re-checked on every event), false after timeoutMs. */
  until(check: () => boolean, timeoutMs: number): Promise<boolean> {
    if (check()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const listener = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        resolve(check());
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }

  /** Ends whatever is still open (end of a case). */
  dispose(): void {
    for (const s of this.streams) if (!s.ended) s.call.cancel();
  }

  private onResponse(res: StreamingVoiceResponse, stream: number): void {
    const fb = res.feedback?.voice_config;
    this.responses.push({
      at: this.now(),
      stream,
      code: res.status ? String(res.status.code) : undefined,
      message: res.status?.message,
      feedback: res.feedback ? { encoding: fb?.encoding, sampleRateHertz: fb?.sample_rate_hertz } : undefined,
    });
    if (stream === this.index) this.act(res.status?.code);
    this.changed();
  }

  private act(code: string | undefined): void {
    const s = this.current!;
    switch (code) {
      case "SRV_REQ_START_STREAMING":
        s.started = true;
        this.paused = false;
        return;
      case "SRV_REQ_PAUSE_STREAMING":
        this.paused = true;
        return;
      case "SRV_REQ_DISCONNECT":
        this.disconnected = true;
        this.halfClose();
        return;
      case "SRV_REQ_RECONNECT":
        if (this.options.honourReconnect === false) return;
        this.reconnects++;
        this.halfClose();
        this.paused = false;
        this.open();
        return;
      default:
        if (code?.startsWith("SRV_ERROR")) this.halfClose();
    }
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }
}
