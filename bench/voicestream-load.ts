// The load side of bench/voicestream-receiver.ts: a child process that plays
// Five9 (grpc-js client, one HTTP/2 connection per 250 legs). The same write
// loop feeds the raw sink and the receiver, so throughput ratios compare like
// with like. Paced legs honour PAUSE / START as Five9 does: frames due while
// paused are not sent (counted as `skipped`).
import * as grpc from "@grpc/grpc-js";
import { loadVoiceProto, toTimestamp, type StreamingVoiceRequest, type StreamingVoiceResponse, type VoiceClient, type VoiceStreamCall } from "../proto/voice-proto";

export interface LoadOrder {
  kind: "burst" | "paced";
  /** "sink:host:port" = a raw no-op sink (no config, no START). */
  target: string;
  legs: number;
  frames: number;
  prefix: string;
  token: string;
  domainId: string;
  /** Legs are opened over this long (ms), as calls arrive, not all in one instant. */
  rampMs?: number;
  /**
   * Paced: leg i sends its frames (i mod phases) ms into each 20 ms period — calls that started at
   * different moments are out of phase, as Five9's are. 1 = every leg's frame in the same instant
   * (a wave of N frames every 20 ms, the harshest case).
   */
  phases?: number;
}

export interface LoadResult {
  /** config → SRV_REQ_START_STREAMING per leg (ms). */
  startMs: number[];
  sent: number;
  skipped: number;
  /** The child's own CPU while sending (ms). */
  cpuMs: number;
  /** Paced: when frame f of the legs of phase k was handed to grpc-js, at [f·phases + k] (epoch ms) — the bench measures latencies from here. */
  sentAtMs: number[];
  phases: number;
}

export type LoadMessage = { started: true } | { done: LoadResult } | { error: string };

const FRAME = Buffer.alloc(320, 7);
/** send_time of frame 0; frame f is sent with T0 + 20·f. */
export const T0 = Date.parse("2026-12-01T12:00:00Z");
const LEGS_PER_CONNECTION = 250;

interface Leg {
  stream: VoiceStreamCall;
  paused: boolean;
  started: Promise<void>;
  startMs: number;
  closed: Promise<void>;
}

function frame(f: number): StreamingVoiceRequest {
  return { audio_content: FRAME, send_time: toTimestamp(T0 + f * 20) };
}

function openLeg(client: VoiceClient, order: LoadOrder, i: number, sink: boolean): Leg {
  const metadata = new grpc.Metadata();
  metadata.set("x-five9-trust-token", order.token);
  // Names the leg to the bench's raw sink (which gets no streaming_config) for its latency records.
  metadata.set("x-bench-leg", `${order.prefix}-${i}`);
  const stream = client.StreamingVoice(metadata);
  const opened = performance.now();
  const leg = { stream, paused: false, startMs: NaN } as Leg;
  let resolveStart!: () => void;
  leg.started = sink ? Promise.resolve() : new Promise((r) => (resolveStart = r));
  stream.on("data", (r: StreamingVoiceResponse) => {
    const code = r.status?.code;
    if (code === "SRV_REQ_START_STREAMING") {
      if (Number.isNaN(leg.startMs)) leg.startMs = performance.now() - opened;
      leg.paused = false;
      resolveStart();
    } else if (code === "SRV_REQ_PAUSE_STREAMING") leg.paused = true;
  });
  stream.on("error", () => undefined);
  leg.closed = new Promise((r) => stream.on("status", () => r()));
  if (!sink)
    stream.write({
      streaming_config: {
        voice_config: { encoding: "LINEAR16", sample_rate_hertz: 8000 },
        vcc_call_id: `${order.prefix}-${i}`, domain_id: order.domainId, campaign_id: "Sales", agent_id: "bench.agent", call_leg: "AGENT",
        trust_token: order.token, subscription_id: "bench", skill_id: "Sales",
      },
    });
  return leg;
}

/**
 * The schema's client, but a message written to many legs (a paced frame goes to every leg) is
 * serialised once: the same bytes on the wire, less load-process CPU on a machine the receiver shares.
 */
function cachingClient(): ReturnType<typeof loadVoiceProto>["Voice"] {
  const { service } = loadVoiceProto();
  const method = service.StreamingVoice!;
  const serialize = method.requestSerialize as (m: StreamingVoiceRequest) => Buffer;
  let last: StreamingVoiceRequest | undefined;
  let lastBytes: Buffer = Buffer.alloc(0);
  const requestSerialize = (m: StreamingVoiceRequest): Buffer => {
    if (m !== last) {
      lastBytes = serialize(m);
      last = m;
    }
    return lastBytes;
  };
  return grpc.makeGenericClientConstructor({ ...service, StreamingVoice: { ...method, requestSerialize } }, "Voice") as unknown as ReturnType<typeof loadVoiceProto>["Voice"];
}

async function writeOrWait(stream: VoiceStreamCall, message: StreamingVoiceRequest): Promise<void> {
  if (!stream.write(message)) await new Promise((r) => stream.once("drain", r));
}

export async function runLoad(order: LoadOrder, onStarted: () => void): Promise<LoadResult> {
  const sink = order.target.startsWith("sink:");
  const target = sink ? order.target.slice(5) : order.target;
  const Voice = cachingClient();
  const clients = Array.from({ length: Math.ceil(order.legs / LEGS_PER_CONNECTION) }, () => new Voice(target, grpc.credentials.createInsecure()));
  const legs: Leg[] = [];
  const ramp = order.rampMs ?? 0;
  for (let i = 0; i < order.legs; i++) {
    legs.push(openLeg(clients[Math.floor(i / LEGS_PER_CONNECTION)]!, order, i, sink));
    if (ramp && i % 10 === 9) await new Promise((r) => setTimeout(r, (ramp / order.legs) * 10));
  }
  await Promise.all(legs.map((l) => l.started));
  onStarted();
  const cpu = process.cpuUsage();
  let sent = 0;
  let skipped = 0;
  const sentAtMs: number[] = [];
  const phases = Math.max(1, Math.min(20, order.phases ?? 1));
  if (order.kind === "burst") {
    // Each leg as fast as flow control allows.
    await Promise.all(
      legs.map(async (l) => {
        for (let f = 0; f < order.frames; f++) await writeOrWait(l.stream, frame(f));
        sent += order.frames;
      }),
    );
  } else {
    // 20 ms frames on absolute deadlines, phase k of each period k ms in; a frame due while paused is not sent.
    const start = performance.now();
    for (let f = 0; f < order.frames; f++) {
      const message = frame(f);
      for (let k = 0; k < phases; k++) {
        const wait = start + f * 20 + (k * 20) / phases - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        sentAtMs.push(Date.now());
        for (let i = k; i < legs.length; i += phases) {
          const l = legs[i]!;
          if (l.paused) skipped++;
          else {
            l.stream.write(message);
            sent++;
          }
        }
      }
    }
  }
  const used = process.cpuUsage(cpu);
  for (const l of legs) {
    if (!sink) l.stream.write({ streaming_status: { code: "CLT_CALL_ENDED", message: "" } });
    l.stream.end();
  }
  await Promise.all(legs.map((l) => l.closed));
  for (const c of clients) c.close();
  return { startMs: legs.map((l) => l.startMs), sent, skipped, cpuMs: (used.user + used.system) / 1000, sentAtMs, phases };
}

if (process.argv[2] === "--child") {
  process.on("message", (order: LoadOrder) => {
    void runLoad(order, () => process.send!({ started: true } satisfies LoadMessage)).then(
      (result) => process.send!({ done: result } satisfies LoadMessage, () => process.exit(0)),
      (error: unknown) => process.send!({ error: String(error) } satisfies LoadMessage, () => process.exit(1)),
    );
  });
}
