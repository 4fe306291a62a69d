// Cases below the protocol: HTTP/2 pings at Five9's rate, frames that are not
// protobuf or lie about their length, a stream that never says anything, and
// many connections left half-open. The receiver must answer each with a
// status (or keep waiting), never crash, and keep serving other streams.
import * as grpc from "@grpc/grpc-js";
import type net from "node:net";
import { loadVoiceProto, type StreamingVoiceRequest, type StreamingVoiceResponse } from "../../proto/voice-proto";
import { playPaced, sleep } from "./audio";
import type { CaseContext, ConformanceCase } from "./case-types";
import { codeName, describeEnd, expectCleanEnd, expectHealthy, expectStart, isClearRefusal, normalLeg } from "./checks";
import { RawSession, silentSocket, waitForRawResponse, type RawStream, type RawStreamResult } from "./raw-http2";
import { GARBAGE_PROTOBUF, grpcFrame } from "./wire";

const base = (o: { startTimeoutMs: number; endTimeoutMs: number }) => 3 * (o.startTimeoutMs + o.endTimeoutMs) + 5000;
const isStart = (r: StreamingVoiceResponse) => r.status?.code === "SRV_REQ_START_STREAMING";

function frame(message: StreamingVoiceRequest): Buffer {
  const serialize = loadVoiceProto().service.StreamingVoice!.requestSerialize as (m: StreamingVoiceRequest) => Buffer;
  return grpcFrame(serialize(message));
}

function configFrame(ctx: CaseContext): Buffer {
  const o = ctx.options;
  return frame({
    streaming_config: {
      voice_config: { encoding: "LINEAR16", sample_rate_hertz: 8000 },
      vcc_call_id: ctx.callId(),
      domain_id: o.domain,
      campaign_id: o.campaign,
      agent_id: "conformance.agent",
      call_leg: "AGENT",
      trust_token: o.token,
      subscription_id: o.subscription,
      skill_id: "",
    },
  });
}

function describeRaw(r: RawStreamResult | undefined): string {
  if (!r) return "still open (no status)";
  if (r.grpcStatus === undefined) return "reset without a gRPC status";
  return `${codeName(r.grpcStatus)}${r.grpcMessage ? ` (${r.grpcMessage})` : ""}`;
}

/** A raw stream that got START, i.e. a working leg on that HTTP/2 session. */
async function rawStartedStream(ctx: CaseContext, session: RawSession): Promise<RawStream | undefined> {
  const s = session.open(ctx.options.token);
  s.write(configFrame(ctx));
  return (await waitForRawResponse(s, isStart, ctx.options.startTimeoutMs)) ? s : undefined;
}

/** On the same HTTP/2 session: a new stream still gets START and ends OK after CALL_ENDED. */
async function expectSessionStillServes(ctx: CaseContext, session: RawSession): Promise<void> {
  const s = await rawStartedStream(ctx, session);
  if (!ctx.check("same connection: a new stream still gets START", s !== undefined, s ? "START" : session.closed ? "the connection was closed" : "no START")) return;
  s!.write(frame({ streaming_status: { code: "CLT_CALL_ENDED", message: "" } }));
  s!.end();
  const r = await s!.result(ctx.options.endTimeoutMs);
  ctx.check("same connection: that stream ends OK", r?.grpcStatus === 0, describeRaw(r));
}

export const transportCases: ConformanceCase[] = [
  {
    id: "ping-flood",
    title: "HTTP/2 pings at Five9's rate (or faster) with no data",
    expectation: "Keepalive pings every --ping-ms (10 s in a full run) for --ping-duration-ms while the leg is on hold: the receiver never sends GOAWAY (too_many_pings), acks every ping, and the leg ends OK.",
    timeoutMs: (o) => base(o) + o.pingDurationMs,
    run: async (ctx) => {
      const { pingMs, pingDurationMs } = ctx.options;
      // grpc-js keepalive: what a Five9-like gRPC client does.
      const client = ctx.client({ "grpc.keepalive_time_ms": pingMs, "grpc.keepalive_timeout_ms": 5000, "grpc.keepalive_permit_without_calls": 1 });
      const leg = ctx.leg({ client });
      if (!(await expectStart(ctx, leg))) return;
      const channel = client.channel();
      const states = new Set<string>();
      const watch = setInterval(() => states.add(grpc.connectivityState[channel.getConnectivityState(false)]!), 50);
      // The same rate on a raw HTTP/2 session, where every ack and any GOAWAY can be seen.
      const raw = await RawSession.connect(ctx.options.target, ctx.options.tls);
      ctx.defer(() => raw.close());
      const rawStream = await rawStartedStream(ctx, raw);
      ctx.check("raw connection: the leg gets START", rawStream !== undefined);
      leg.sendStatus("CLT_CALL_HOLD");
      rawStream?.write(frame({ streaming_status: { code: "CLT_CALL_HOLD", message: "" } }));
      let sent = 0;
      const pinger = setInterval(() => {
        sent++;
        void raw.ping();
      }, pingMs);
      await sleep(pingDurationMs);
      clearInterval(pinger);
      await sleep(Math.min(1000, pingMs));
      clearInterval(watch);
      ctx.check("grpc-js channel stays READY (no GOAWAY, no reconnect)", [...states].every((s) => s === "READY"), `states seen: ${[...states].join(", ")}`);
      ctx.check("raw connection: no GOAWAY", raw.goaways.length === 0, raw.goaways.map((g) => `code ${g.errorCode} ${g.data}`).join("; ") || "none");
      ctx.check(`raw connection: every ping acked (${sent} sent)`, raw.pingsAcked === sent && raw.pingsFailed === 0 && !raw.closed, `${raw.pingsAcked} acked, ${raw.pingsFailed} failed${raw.closed ? ", connection closed" : ""}`);
      leg.sendStatus("CLT_CALL_RESUME");
      await expectCleanEnd(ctx, leg, "keepalive leg");
      if (rawStream) {
        rawStream.write(frame({ streaming_status: { code: "CLT_CALL_ENDED", message: "" } }));
        rawStream.end();
        const r = await rawStream.result(ctx.options.endTimeoutMs);
        ctx.check("raw leg ends OK", r?.grpcStatus === 0, describeRaw(r));
      }
    },
  },
  {
    id: "malformed-protobuf",
    title: "bytes that are not protobuf, first and mid-stream",
    expectation: "Each such stream gets a gRPC status that is not OK (grpc-js servers answer INTERNAL on their own); the receiver stays up, a leg streaming at the same time is unaffected, and the same HTTP/2 connection still serves a new stream.",
    timeoutMs: base,
    run: async (ctx) => {
      const good = ctx.leg();
      if (!(await expectStart(ctx, good, "concurrent leg"))) return;
      const playing = playPaced(good, { fromMs: 0, toMs: 1500, callStartEpochMs: Date.now() });
      const raw = await RawSession.connect(ctx.options.target, ctx.options.tls);
      ctx.defer(() => raw.close());
      const first = raw.open(ctx.options.token);
      first.write(grpcFrame(GARBAGE_PROTOBUF));
      const r1 = await first.result(ctx.options.startTimeoutMs);
      ctx.check("garbage as the first message: a non-OK gRPC status", r1?.grpcStatus !== undefined && r1.grpcStatus !== 0, describeRaw(r1));
      const mid = await rawStartedStream(ctx, raw);
      if (ctx.check("garbage mid-stream: the stream first gets START", mid !== undefined)) {
        mid!.write(grpcFrame(GARBAGE_PROTOBUF));
        const r2 = await mid!.result(ctx.options.startTimeoutMs);
        ctx.check("garbage mid-stream: a non-OK gRPC status", r2?.grpcStatus !== undefined && r2.grpcStatus !== 0, describeRaw(r2));
      }
      await expectSessionStillServes(ctx, raw);
      await playing;
      await expectCleanEnd(ctx, good, "concurrent leg");
      await expectHealthy(ctx);
    },
  },
  {
    id: "oversized-message",
    title: "a message whose length prefix says 2 GB",
    expectation: "A non-OK gRPC status (RESOURCE_EXHAUSTED from a grpc-js server) at once, nothing buffered; the same connection and the receiver still serve new streams.",
    timeoutMs: base,
    run: async (ctx) => {
      const raw = await RawSession.connect(ctx.options.target, ctx.options.tls);
      ctx.defer(() => raw.close());
      const s = await rawStartedStream(ctx, raw);
      if (!ctx.check("the stream first gets START", s !== undefined)) return;
      s!.write(grpcFrame(Buffer.alloc(64), 0x7fffffff));
      const r = await s!.result(ctx.options.startTimeoutMs);
      ctx.check("a non-OK gRPC status", r?.grpcStatus !== undefined && r.grpcStatus !== 0, describeRaw(r));
      if (r?.grpcStatus !== undefined && r.grpcStatus !== grpc.status.RESOURCE_EXHAUSTED) ctx.note(`oversized: answered ${codeName(r.grpcStatus)} (RESOURCE_EXHAUSTED is the usual code)`);
      await expectSessionStillServes(ctx, raw);
      await expectHealthy(ctx);
    },
  },
  {
    id: "silent-stream",
    title: "a stream that never sends anything",
    expectation: "Within --silent-ms (30 s in a full run) the receiver either ends it with a refusing code (e.g. SRV_ERROR_TIMEOUT + DEADLINE_EXCEEDED) or keeps waiting; either way other legs are served meanwhile and it never answers OK for nothing.",
    timeoutMs: (o) => base(o) + o.silentMs,
    run: async (ctx) => {
      const silent = ctx.leg().open(false);
      await silent.until(() => silent.endOf() !== undefined, ctx.options.silentMs / 2);
      const r = await normalLeg(ctx, { client: ctx.client() });
      ctx.check("meanwhile a normal leg is served", r.ok, r.detail);
      await silent.until(() => silent.endOf() !== undefined, ctx.options.silentMs / 2);
      const end = silent.endOf();
      if (end) {
        ctx.note(`silent stream: ended after ${Math.round(end.at - silent.current!.openedAt)} ms with ${describeEnd(end)}`);
        ctx.check("ended with a refusing code", isClearRefusal(end), describeEnd(end));
      } else {
        ctx.note(`silent stream: still open after ${ctx.options.silentMs} ms (the receiver waits longer for a config)`);
        silent.cancel();
      }
    },
  },
  {
    id: "half-open-connections",
    title: "many connections that never finish their handshake",
    expectation: "With --half-open connections held open (1000 in a full run: most send nothing, a fifth open an HTTP/2 stream with headers only), a normal leg still gets START and ends OK, and again after they are dropped.",
    timeoutMs: (o) => base(o) + o.halfOpen * 20 + 10_000,
    run: async (ctx) => {
      const n = ctx.options.halfOpen;
      const sessionsWanted = Math.ceil(n / 5);
      const sockets: net.Socket[] = [];
      const sessions: RawSession[] = [];
      ctx.defer(() => {
        for (const s of sockets) s.destroy();
        for (const s of sessions) s.close();
      });
      for (let i = 0; i < n - sessionsWanted; i += 100) {
        const batch = await Promise.all(Array.from({ length: Math.min(100, n - sessionsWanted - i) }, () => silentSocket(ctx.options.target, ctx.options.tls)));
        for (const s of batch) if (s) sockets.push(s);
      }
      for (let i = 0; i < sessionsWanted; i += 50) {
        const batch = await Promise.all(Array.from({ length: Math.min(50, sessionsWanted - i) }, () => RawSession.connect(ctx.options.target, ctx.options.tls).catch(() => undefined)));
        for (const s of batch) {
          if (!s) continue;
          sessions.push(s);
          s.open(ctx.options.token); // headers, then nothing
        }
      }
      ctx.note(`half-open: ${sockets.length} silent sockets and ${sessions.length} headers-only streams held`);
      ctx.check(`${n} connections opened`, sockets.length + sessions.length === n, `${sockets.length + sessions.length} opened (the receiver may cap connections; that is allowed if the next check holds)`);
      const during = await normalLeg(ctx, { client: ctx.client() });
      ctx.check("while they are held: a normal leg gets START and ends OK", during.ok, during.detail);
      for (const s of sockets) s.destroy();
      for (const s of sessions) s.close();
      await sleep(200);
      await expectHealthy(ctx, "after they are dropped");
    },
  },
];
