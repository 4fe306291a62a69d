// A tiny VoiceStream subscriber for tests and the benchmark: a real gRPC
// server (the connector's side of the wire) that records every message of
// every stream, plus an HTTP event URL that answers Five9's validation GET
// and records CTI event POSTs. Tests script it through `onConfig`.
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import * as grpc from "@grpc/grpc-js";
import { fromTimestamp, loadVoiceProto, type DecodedVoiceRequest, type StatusCodeName, type StreamingConfig, type StreamingVoiceResponse } from "../../proto/voice-proto";
import type { CtiEvent } from "./cti-events";

export interface ReceivedMessage {
  kind: "audio" | "status";
  /** Real time of arrival (performance.now()). */
  arrivedAt: number;
  sendTimeMs?: number;
  audio?: Buffer;
  status?: StatusCodeName;
}

export interface ReceivedStream {
  config: StreamingConfig;
  metadataToken: string | undefined;
  messages: ReceivedMessage[];
  /** The client half-closed (end of its requests). */
  halfClosed: boolean;
  /** The client cancelled the call. */
  cancelled: boolean;
  rejected: boolean;
  send(code: StatusCodeName, message?: string): void;
  /** Ends our side (OK status). */
  finish(): void;
  audio(): ReceivedMessage[];
  statuses(): StatusCodeName[];
}

export interface ReceiverOptions {
  trustToken: string;
  /** When set, a config naming another subscription / domain is refused like a wrong token. */
  subscriptionId?: string;
  domainId?: string;
  /** Campaigns the subscription covers; a stream of another one is ended politely (SRV_REQ_DISCONNECT). Default: all. */
  campaigns?: string[];
  /** Token whose digest the event URL answers on GET; default trustToken (another one simulates a mismatch). */
  validationToken?: string;
  /** Called on each stream's config; default: answer START at once. */
  onConfig?: (stream: ReceivedStream) => void;
  /** Called for every audio message (after it is recorded). */
  onAudio?: (stream: ReceivedStream, message: ReceivedMessage) => void;
  /** Keep audio bytes (tests) or only counts (benchmark). Default true. */
  keepAudio?: boolean;
  /** While a leg is on hold, a SUCCESS status this often (real ms) keeps idle-stream cut-offs away. Default 15 s. */
  holdKeepaliveMs?: number;
  /** A stream without a config this long (real ms) is ended with SRV_ERROR_TIMEOUT + DEADLINE_EXCEEDED. Default 10 s. */
  configTimeoutMs?: number;
}

export interface TestReceiver {
  grpcEndpoint: string;
  eventUrl: string;
  streams: ReceivedStream[];
  events: CtiEvent[];
  /** Polls until `check` is true (or throws after timeoutMs). */
  waitFor(check: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function sameToken(a: string | undefined, b: string): boolean {
  const da = createHash("sha256").update(a ?? "").digest();
  const db = createHash("sha256").update(b).digest();
  return a !== undefined && timingSafeEqual(da, db);
}

export async function startTestReceiver(options: ReceiverOptions): Promise<TestReceiver> {
  const streams: ReceivedStream[] = [];
  const events: CtiEvent[] = [];
  const server = new grpc.Server();
  server.addService(loadVoiceProto().service, {
    StreamingVoice: (call: grpc.ServerDuplexStream<DecodedVoiceRequest, StreamingVoiceResponse>) => {
      let stream: ReceivedStream | undefined;
      const metadataToken = call.metadata.get("x-five9-trust-token")[0]?.toString();
      let ended = false;
      let started = false;
      let callEnded = false;
      let holdTimer: NodeJS.Timeout | undefined;
      const stopHoldKeepalive = () => clearInterval(holdTimer);
      /** An error status, then the gRPC code: a refusal the client can read both ways. */
      const refuse = (status: StatusCodeName, code: grpc.status, details: string) => {
        if (ended) return;
        ended = true;
        stopHoldKeepalive();
        call.write({ status: { code: status, message: details } });
        call.emit("error", { code, details });
      };
      const configTimer = setTimeout(() => {
        if (!stream) refuse("SRV_ERROR_TIMEOUT", grpc.status.DEADLINE_EXCEEDED, "no streaming_config received");
      }, options.configTimeoutMs ?? 10_000);
      call.on("data", (req: DecodedVoiceRequest) => {
        if (ended) return;
        if (!stream) {
          if (req.streaming_request !== "streaming_config" || !req.streaming_config) {
            refuse("SRV_ERROR_GENERIC", grpc.status.INVALID_ARGUMENT, "first message must be streaming_config");
            return;
          }
          clearTimeout(configTimer);
          const config = req.streaming_config;
          const s: ReceivedStream = {
            config,
            metadataToken,
            messages: [],
            halfClosed: false,
            cancelled: false,
            rejected: false,
            send: (code, message = "") => {
              if (ended) return;
              if (code === "SRV_REQ_START_STREAMING") started = true;
              call.write({ status: { code, message } });
            },
            finish: () => {
              if (ended) return;
              ended = true;
              stopHoldKeepalive();
              call.end();
            },
            audio: () => s.messages.filter((m) => m.kind === "audio"),
            statuses: () => s.messages.filter((m) => m.kind === "status").map((m) => m.status!),
          };
          stream = s;
          streams.push(s);
          const authorised =
            sameToken(metadataToken, options.trustToken) &&
            sameToken(config.trust_token, options.trustToken) &&
            (options.subscriptionId === undefined || config.subscription_id === options.subscriptionId) &&
            (options.domainId === undefined || config.domain_id === options.domainId);
          if (!authorised) {
            // One answer for every part that can be wrong: no hint which it was.
            s.rejected = true;
            refuse("SRV_ERROR_GENERIC", grpc.status.UNAUTHENTICATED, "not authorised");
            return;
          }
          const voice = config.voice_config;
          if (voice?.encoding !== "LINEAR16" || voice.sample_rate_hertz !== 8000) {
            s.rejected = true;
            call.write({ feedback: { voice_config: { encoding: "LINEAR16", sample_rate_hertz: 8000 } } });
            refuse("SRV_ERROR_GENERIC", grpc.status.INVALID_ARGUMENT, "only LINEAR16 at 8000 Hz is accepted");
            return;
          }
          if (options.campaigns && !options.campaigns.includes(config.campaign_id)) {
            s.rejected = true;
            call.write({ status: { code: "SRV_REQ_DISCONNECT", message: "campaign not covered by this subscription" } });
            return; // the client half-closes; 'end' answers OK
          }
          if (options.onConfig) options.onConfig(s);
          else s.send("SRV_REQ_START_STREAMING");
          return;
        }
        if (req.streaming_request === "streaming_config") {
          refuse("SRV_ERROR_GENERIC", grpc.status.INVALID_ARGUMENT, "streaming_config may only be the first message");
          return;
        }
        if (stream.rejected) return;
        // Audio before START or after CALL_ENDED is ignored, not recorded.
        if (req.streaming_request === "audio_content" && (!started || callEnded)) return;
        const message: ReceivedMessage =
          req.streaming_request === "audio_content"
            ? { kind: "audio", arrivedAt: performance.now(), sendTimeMs: fromTimestamp(req.send_time), audio: options.keepAudio === false ? Buffer.alloc(0) : req.audio_content }
            : { kind: "status", arrivedAt: performance.now(), status: req.streaming_status?.code };
        if (options.keepAudio === false && message.kind === "audio") message.audio = Buffer.alloc(req.audio_content?.length ?? 0);
        stream.messages.push(message);
        if (message.kind === "audio") options.onAudio?.(stream, message);
        if (message.status === "CLT_CALL_HOLD") {
          stopHoldKeepalive();
          holdTimer = setInterval(() => stream?.send("SUCCESS", "on hold"), options.holdKeepaliveMs ?? 15_000);
        } else if (message.status === "CLT_CALL_RESUME") stopHoldKeepalive();
        else if (message.status === "CLT_CALL_ENDED") {
          callEnded = true;
          stopHoldKeepalive();
        }
      });
      // A client cancel (RST_STREAM) can surface as 'end' first; answering a beat
      // later lets the cancel land, so a cut is told apart from a half-close.
      call.on("end", () => {
        clearTimeout(configTimer);
        stopHoldKeepalive();
        setTimeout(() => {
          if (ended) return;
          ended = true;
          if (stream) stream.halfClosed = true;
          call.end();
        }, 5);
      });
      // grpc-js also reports 'cancelled' after a normal end; only a cancel before our status counts.
      call.on("cancelled", () => {
        clearTimeout(configTimer);
        stopHoldKeepalive();
        if (!ended && stream) stream.cancelled = true;
        ended = true;
      });
      call.on("error", () => {});
    },
  });
  const grpcPort = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
  );

  const digest = createHash("sha256").update(options.validationToken ?? options.trustToken).digest("hex");
  const http: Server = createServer((req, res) => {
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(digest));
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      events.push(JSON.parse(Buffer.concat(chunks).toString("utf8")) as CtiEvent);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const httpPort = (http.address() as { port: number }).port;

  return {
    grpcEndpoint: `127.0.0.1:${grpcPort}`,
    eventUrl: `http://127.0.0.1:${httpPort}/five9/events`,
    streams,
    events,
    waitFor: async (check, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!check()) {
        if (Date.now() > deadline) throw new Error("waitFor: condition not met in time");
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: async () => {
      server.forceShutdown();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
