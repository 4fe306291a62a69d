// HTTP/2 below gRPC, for what a gRPC client library will not do: frames of
// garbage or with a lying length prefix, PINGs at a chosen rate with GOAWAY
// watched, and connections left half-open.
import http2 from "node:http2";
import net from "node:net";
import tls from "node:tls";
import { loadVoiceProto, type StreamingVoiceResponse } from "../../proto/voice-proto";

const METHOD_PATH = "/five9.voicestream.Voice/StreamingVoice";

export interface RawStreamResult {
  grpcStatus?: number;
  grpcMessage?: string;
  responses: StreamingVoiceResponse[];
  /** The stream was reset or the session died before a gRPC status. */
  reset: boolean;
}

export class RawStream {
  readonly responses: StreamingVoiceResponse[] = [];
  private buffered = Buffer.alloc(0);
  private status: { code?: number; message?: string } = {};
  private finished: Promise<void>;
  private reset = false;

  constructor(private readonly req: http2.ClientHttp2Stream) {
    const deserialize = loadVoiceProto().service.StreamingVoice!.responseDeserialize as (b: Buffer) => StreamingVoiceResponse;
    let statusSeen: () => void = () => {};
    const takeStatus = (h: http2.IncomingHttpHeaders) => {
      if (h["grpc-status"] === undefined) return;
      this.status = { code: Number(h["grpc-status"]), message: decodeURIComponent(String(h["grpc-message"] ?? "")) };
      statusSeen(); // our side may still be open: the status is the end that counts
    };
    req.on("response", takeStatus);
    req.on("trailers", takeStatus);
    req.on("data", (chunk: Buffer) => {
      this.buffered = Buffer.concat([this.buffered, chunk]);
      while (this.buffered.length >= 5) {
        const length = this.buffered.readUInt32BE(1);
        if (this.buffered.length < 5 + length) break;
        try {
          this.responses.push(deserialize(this.buffered.subarray(5, 5 + length)));
        } catch {
          // an undecodable answer is not ours to judge here; the status says the rest
        }
        this.buffered = this.buffered.subarray(5 + length);
      }
    });
    this.finished = new Promise((resolve) => {
      statusSeen = resolve;
      req.on("close", () => {
        if (this.status.code === undefined) this.reset = true;
        resolve();
      });
      req.on("error", () => {});
    });
  }

  write(frame: Buffer): void {
    if (!this.req.closed && !this.req.destroyed) this.req.write(frame);
  }

  end(): void {
    if (!this.req.closed && !this.req.destroyed) this.req.end();
  }

  /** The stream's outcome, or undefined if it is still open after timeoutMs (then it is reset). */
  async result(timeoutMs: number): Promise<RawStreamResult | undefined> {
    const done = await Promise.race([this.finished.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), timeoutMs))]);
    if (!done || this.status.code !== undefined) this.req.close(http2.constants.NGHTTP2_CANCEL);
    if (!done) return undefined;
    return { grpcStatus: this.status.code, grpcMessage: this.status.message, responses: this.responses, reset: this.reset };
  }
}

export class RawSession {
  readonly goaways: { errorCode: number; data: string }[] = [];
  pingsAcked = 0;
  pingsFailed = 0;
  closed = false;

  private constructor(readonly session: http2.ClientHttp2Session) {
    session.on("goaway", (errorCode: number, _last: number, data?: Buffer) => this.goaways.push({ errorCode, data: data?.toString("latin1") ?? "" }));
    session.on("close", () => (this.closed = true));
    session.on("error", () => {});
  }

  static connect(target: string, useTls: boolean, timeoutMs = 5000): Promise<RawSession> {
    return new Promise((resolve, reject) => {
      const session = http2.connect(`${useTls ? "https" : "http"}://${target}`);
      const timer = setTimeout(() => {
        session.destroy();
        reject(new Error(`HTTP/2 connection to ${target} not ready within ${timeoutMs} ms`));
      }, timeoutMs);
      session.once("connect", () => {
        clearTimeout(timer);
        resolve(new RawSession(session));
      });
      session.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  }

  /** A StreamingVoice request with gRPC headers; frames are written by the caller. */
  open(metadataToken: string | null): RawStream {
    const headers: http2.OutgoingHttpHeaders = { ":method": "POST", ":path": METHOD_PATH, "content-type": "application/grpc", te: "trailers" };
    if (metadataToken !== null) headers["x-five9-trust-token"] = metadataToken;
    return new RawStream(this.session.request(headers, { endStream: false }));
  }

  ping(): Promise<boolean> {
    return new Promise((resolve) => {
      const sent = this.session.ping((err) => {
        if (err) this.pingsFailed++;
        else this.pingsAcked++;
        resolve(!err);
      });
      if (!sent) {
        this.pingsFailed++;
        resolve(false);
      }
    });
  }

  close(): void {
    if (!this.session.destroyed) this.session.destroy();
  }
}

/** A TCP (or TLS) connection that never says a word: the cheapest half-open connection. */
export function silentSocket(target: string, useTls: boolean): Promise<net.Socket | undefined> {
  const [host, port] = splitTarget(target);
  return new Promise((resolve) => {
    const socket = useTls ? tls.connect({ host, port, rejectUnauthorized: false, ALPNProtocols: ["h2"] }) : net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(undefined);
    }, 5000);
    socket.once(useTls ? "secureConnect" : "connect", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once("error", () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}

export function splitTarget(target: string): [string, number] {
  const i = target.lastIndexOf(":");
  return [target.slice(0, i).replace(/^\[|\]$/g, ""), Number(target.slice(i + 1))];
}

/** Polls a raw stream's answers until one matches (or the time is up). */
export async function waitForRawResponse(stream: RawStream, match: (r: StreamingVoiceResponse) => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (stream.responses.some(match)) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return stream.responses.some(match);
}
