// Cases about a leg over time: holds, a reconnect or a cut of the same leg
// (a continuation, not a new leg and not a duplicate), two legs whose clocks
// drift, send_time out of order, audio in bursts and in real time, and a long
// call at clock speed. What the receiver stores is not visible on the wire:
// these cases judge statuses, codes and timing only.
import * as grpc from "@grpc/grpc-js";
import { audioBetween, playBurst, playPaced, sleep } from "./audio";
import type { CaseContext, ConformanceCase } from "./case-types";
import { describeEnd, errorStatuses, expectCleanEnd, expectStart, responseSummary } from "./checks";
import type { Leg } from "./leg";

const base = (o: { startTimeoutMs: number; endTimeoutMs: number }) => 2 * (o.startTimeoutMs + o.endTimeoutMs) + 5000;

/** Holds the leg for holdMs and judges the receiver's keepalive statuses in that time. */
async function hold(ctx: CaseContext, legs: Leg[], holdMs: number, label: string): Promise<void> {
  for (const l of legs) l.sendStatus("CLT_CALL_HOLD");
  const from = legs[0]!.now();
  await Promise.race(legs.map((l) => l.until(() => l.endOf() !== undefined, holdMs)));
  const to = legs[0]!.now();
  for (const l of legs) {
    ctx.check(`${label}: the stream stays up across the ${Math.round(holdMs / 1000)} s hold`, !l.endOf(), describeEnd(l.endOf()));
    const during = l.responses.filter((r) => r.at >= from && r.at <= to);
    const bad = during.filter((r) => r.code && r.code !== "SUCCESS" && r.code !== "SRV_REQ_START_STREAMING");
    ctx.check(`${label}: nothing but SUCCESS/START statuses on hold`, bad.length === 0, bad.map((r) => r.code).join(", "));
    const times = [from, ...during.map((r) => r.at), to];
    const maxGap = Math.max(...times.slice(1).map((t, i) => t - times[i]!));
    const limit = ctx.options.holdStatusMs;
    ctx.check(`${label}: an application status at least every ${limit / 1000} s on hold`, maxGap <= limit, `${during.length} statuses, longest silence ${Math.round(maxGap)} ms`);
    if (holdMs <= limit) ctx.note(`${label}: hold (${holdMs} ms) not longer than the keepalive limit (${limit} ms): keepalive not exercised`);
  }
  for (const l of legs) l.sendStatus("CLT_CALL_RESUME");
}

export const continuityCases: ConformanceCase[] = [
  {
    id: "hold-resume",
    title: "HOLD, no audio for the hold, RESUME",
    expectation: "The stream stays up across the hold (--hold-ms, 25 s in a full run); while on hold the receiver sends an application status (SUCCESS) at least every 20 s (--hold-status-ms) so idle-stream cut-offs never trigger; after RESUME audio goes on and the call ends OK.",
    timeoutMs: (o) => base(o) + o.holdMs + 2000,
    run: async (ctx) => {
      const leg = ctx.leg();
      if (!(await expectStart(ctx, leg))) return;
      const t0 = Date.now();
      await playPaced(leg, { fromMs: 0, toMs: 500, callStartEpochMs: t0 });
      await hold(ctx, [leg], ctx.options.holdMs, "hold");
      const resumedAt = Date.now() - t0;
      await playPaced(leg, { fromMs: resumedAt, toMs: resumedAt + 500, callStartEpochMs: t0 });
      await expectCleanEnd(ctx, leg);
    },
  },
  {
    id: "reconnect-same-leg",
    title: "the same leg on a new stream (as after SRV_REQ_RECONNECT)",
    expectation: "Five9 half-closes and opens a new stream with the same config: the receiver accepts it as the leg's continuation (START within 5 s, not refused as a duplicate) even while the old stream is still closing, tolerates overlapping audio (same send_time) and ends both streams OK.",
    timeoutMs: base,
    run: async (ctx) => {
      const leg = ctx.leg();
      if (!(await expectStart(ctx, leg, "first stream"))) return;
      const t0 = Date.now();
      for (let t = 0; t < 600; t += 20) leg.sendAudio(audioBetween(t, t + 20), t0 + t);
      const first = leg.current;
      leg.halfClose();
      leg.open();
      if (!(await expectStart(ctx, leg, "second stream"))) return;
      for (let t = 400; t < 1000; t += 20) leg.sendAudio(audioBetween(t, t + 20), t0 + t); // 400–600 ms overlap
      await leg.until(() => leg.endOf(0) !== undefined, ctx.options.endTimeoutMs);
      const firstEnd = leg.endOf(0);
      ctx.check("first stream: ended by the receiver with OK", firstEnd?.code === grpc.status.OK, describeEnd(firstEnd));
      if (!firstEnd) leg.cancel(first);
      await expectCleanEnd(ctx, leg, "second stream");
    },
  },
  {
    id: "cut-and-reconnect",
    title: "an abrupt cut (RST_STREAM) then the same leg again",
    expectation: "After a cancel mid-call without CALL_ENDED, a new stream of the same (call, leg) gets START within 5 s and ends OK: the receiver continues the leg.",
    timeoutMs: base,
    run: async (ctx) => {
      const leg = ctx.leg();
      if (!(await expectStart(ctx, leg, "first stream"))) return;
      const t0 = Date.now();
      await playPaced(leg, { fromMs: 0, toMs: 600, callStartEpochMs: t0 });
      leg.cancel();
      await sleep(50);
      leg.open();
      if (!(await expectStart(ctx, leg, "after the cut"))) return;
      const at = Date.now() - t0;
      await playPaced(leg, { fromMs: at, toMs: at + 400, callStartEpochMs: t0 });
      await expectCleanEnd(ctx, leg, "after the cut");
    },
  },
  {
    id: "two-legs-drift",
    title: "AGENT and CUSTOMER legs whose clocks drift",
    expectation: "Both legs of one call stream at once, CUSTOMER's send_time 120 ms ahead and running 0.3 % fast; both get START and end OK (alignment on send_time is the receiver's business, not visible on the wire).",
    timeoutMs: (o) => base(o) + o.pacedMs,
    run: async (ctx) => {
      const callId = ctx.callId();
      const agent = ctx.leg({ config: { vcc_call_id: callId, call_leg: "AGENT" } });
      const customer = ctx.leg({ config: { vcc_call_id: callId, call_leg: "CUSTOMER" } });
      const ok = await Promise.all([expectStart(ctx, agent, "AGENT"), expectStart(ctx, customer, "CUSTOMER")]);
      if (!ok.every(Boolean)) return;
      const t0 = Date.now();
      await Promise.all([
        playPaced(agent, { fromMs: 0, toMs: ctx.options.pacedMs, callStartEpochMs: t0 }),
        playPaced(customer, { fromMs: 0, toMs: ctx.options.pacedMs, callStartEpochMs: t0 + 120, clockRate: 1.003, hz: 660 }),
      ]);
      await Promise.all([expectCleanEnd(ctx, agent, "AGENT"), expectCleanEnd(ctx, customer, "CUSTOMER")]);
    },
  },
  {
    id: "out-of-order-send-time",
    title: "send_time out of order, repeated, missing, before the call, jumping ahead",
    expectation: "The receiver keeps the stream (no error status, no end) and ends it OK: send_time placement is its business.",
    timeoutMs: base,
    run: async (ctx) => {
      const leg = ctx.leg();
      if (!(await expectStart(ctx, leg))) return;
      const t0 = Date.now();
      const order: (number | null)[] = [0, 20, 60, 40, 80, 80, 100, -500, 120, null, 140, 2140, 2160, 1000];
      for (const t of order) leg.sendAudio(audioBetween(Math.max(0, t ?? 0), Math.max(0, t ?? 0) + 20), t === null ? undefined : t0 + t);
      await leg.until(() => leg.endOf() !== undefined, 500);
      ctx.check("the stream stays up", !leg.endOf(), `${describeEnd(leg.endOf())}; responses: ${responseSummary(leg)}`);
      await expectCleanEnd(ctx, leg);
    },
  },
  {
    id: "burst-audio",
    title: "10 s of audio as fast as flow control allows, chunks of odd sizes",
    expectation: "Chunks of any size (1, 3, 7, 320, 4096, 16000 bytes…) at full speed: no error status; PAUSE/START (backpressure) allowed and honoured; every byte written; the call ends OK.",
    timeoutMs: (o) => base(o) + 30_000,
    run: async (ctx) => {
      const leg = ctx.leg();
      if (!(await expectStart(ctx, leg))) return;
      const started = performance.now();
      const written = await playBurst(leg, { fromMs: 0, toMs: 10_000, callStartEpochMs: Date.now(), chunkBytes: [320, 4096, 1, 3, 16000, 640, 7, 2, 1], resumeTimeoutMs: 10_000 });
      const pauses = leg.responses.filter((r) => r.code === "SRV_REQ_PAUSE_STREAMING").length;
      ctx.note(`burst: ${written} bytes in ${Math.round(performance.now() - started)} ms, ${pauses} PAUSE`);
      ctx.check("every byte written (PAUSE honoured, stream never ended)", written === 160_000, `${written} of 160000 bytes; ${describeEnd(leg.endOf())}`);
      ctx.check("no error status", errorStatuses(leg).length === 0, responseSummary(leg));
      await expectCleanEnd(ctx, leg);
    },
  },
  {
    id: "paced-audio",
    title: "20 ms frames in real time",
    expectation: "320-byte frames every 20 ms for --paced-ms (20 s in a full run): no error status, the call ends OK.",
    timeoutMs: (o) => base(o) + o.pacedMs,
    run: async (ctx) => {
      const leg = ctx.leg();
      if (!(await expectStart(ctx, leg))) return;
      const stats = await playPaced(leg, { fromMs: 0, toMs: ctx.options.pacedMs, callStartEpochMs: Date.now() });
      ctx.note(`paced: ${stats.frames} frames, our own lateness p99 ${stats.p99LateMs.toFixed(1)} ms`);
      ctx.check("no error status, stream up", errorStatuses(leg).length === 0 && !leg.endOf(), `${responseSummary(leg)}; ${describeEnd(leg.endOf())}`);
      await expectCleanEnd(ctx, leg);
    },
  },
  {
    id: "long-call",
    title: "a long call at clock speed, both legs, with a hold",
    expectation: "Two legs in real time for --long-call-ms (5 min in a full run) with a hold in the middle (up to 20 s): both streams stay up, no error status, both end OK.",
    timeoutMs: (o) => base(o) + o.longCallMs + 5000,
    run: async (ctx) => {
      const total = ctx.options.longCallMs;
      const holdMs = Math.min(20_000, Math.round(total / 5));
      const callId = ctx.callId();
      const legs = [ctx.leg({ config: { vcc_call_id: callId, call_leg: "AGENT" } }), ctx.leg({ config: { vcc_call_id: callId, call_leg: "CUSTOMER" } })];
      const ok = await Promise.all(legs.map((l) => expectStart(ctx, l, l.options.config.call_leg)));
      if (!ok.every(Boolean)) return;
      const t0 = Date.now();
      const firstPart = Math.round((total - holdMs) / 2 / 20) * 20;
      await Promise.all(legs.map((l, i) => playPaced(l, { fromMs: 0, toMs: firstPart, callStartEpochMs: t0, hz: 440 + 220 * i })));
      await hold(ctx, legs, holdMs, "long call hold");
      const resumed = Math.round((Date.now() - t0) / 20) * 20;
      const stats = await Promise.all(legs.map((l, i) => playPaced(l, { fromMs: resumed, toMs: total, callStartEpochMs: t0, hz: 440 + 220 * i })));
      ctx.note(`long call: ${Math.round(total / 1000)} s, our own lateness p99 ${Math.max(...stats.map((s) => s.p99LateMs)).toFixed(1)} ms`);
      for (const l of legs) ctx.check(`${l.options.config.call_leg}: no error status, stream up`, errorStatuses(l).length === 0 && !l.endOf(), `${responseSummary(l)}; ${describeEnd(l.endOf())}`);
      await Promise.all(legs.map((l) => expectCleanEnd(ctx, l, l.options.config.call_leg)));
    },
  },
];
