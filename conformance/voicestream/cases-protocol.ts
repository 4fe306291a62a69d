// Cases about the order and content of messages on one stream: config first,
// START before audio, one config, nothing after CALL_ENDED, enum values the
// schema does not know, formats other than LINEAR16 8 kHz, any call id.
import * as grpc from "@grpc/grpc-js";
import type { StreamingConfig } from "../../proto/voice-proto";
import { audioBetween } from "./audio";
import type { CaseContext, ConformanceCase } from "./case-types";
import { describeEnd, errorStatuses, expectCleanEnd, expectHealthy, expectRefused, expectStart, isClearRefusal, normalLeg, responseSummary } from "./checks";
import { RawRequest } from "./client";
import type { Leg } from "./leg";
import { CALL_LEG, ENCODING, encodeConfigRequest } from "./wire";

const short = (o: { startTimeoutMs: number; endTimeoutMs: number }) => 3 * (o.startTimeoutMs + o.endTimeoutMs) + 5000;

/** Ten 20 ms frames starting at `fromMs`, written at once. */
function someAudio(leg: Leg, base: number, fromMs = 0, force = false): void {
  for (let t = fromMs; t < fromMs + 200; t += 20) leg.sendAudio(audioBetween(t, t + 20), base + t, force);
}

/** The stream either went on (the odd message ignored) or was refused clearly; anything else fails. */
async function ignoredOrRefused(ctx: CaseContext, leg: Leg, what: string, waitMs = 1000): Promise<void> {
  await leg.until(() => leg.endOf() !== undefined, waitMs);
  const end = leg.endOf();
  if (end) {
    ctx.note(`${what}: refused (${describeEnd(end)})`);
    ctx.check(`${what}: refused clearly (SRV_ERROR_* status and a refusing gRPC code)`, isClearRefusal(end) && errorStatuses(leg).length > 0, `${describeEnd(end)}; responses: ${responseSummary(leg)}`);
    return;
  }
  ctx.note(`${what}: ignored, the stream went on`);
  someAudio(leg, Date.now(), 400);
  await expectCleanEnd(ctx, leg, `${what} ignored`);
}

export const protocolCases: ConformanceCase[] = [
  {
    id: "config-first",
    title: "streaming_config, START, audio, CALL_ENDED",
    expectation: "SRV_REQ_START_STREAMING within 5 s of the config; after CALL_ENDED and half-close the receiver ends the stream with OK.",
    timeoutMs: short,
    run: async (ctx) => {
      const leg = ctx.leg();
      if (!(await expectStart(ctx, leg))) return;
      const latency = leg.startOf()!.at - leg.current!.openedAt;
      if (latency > 250) ctx.note(`START came ${Math.round(latency)} ms after the config (Loris aims at ≤ 250 ms)`);
      someAudio(leg, Date.now());
      await expectCleanEnd(ctx, leg);
    },
  },
  {
    id: "config-not-first",
    title: "audio as the first message (no config)",
    expectation: "An SRV_ERROR_* status and gRPC INVALID_ARGUMENT, no START; the receiver stays up.",
    timeoutMs: short,
    run: async (ctx) => {
      const leg = ctx.leg().open(false);
      someAudio(leg, Date.now(), 0, true);
      await expectRefused(ctx, leg, grpc.status.INVALID_ARGUMENT);
      await expectHealthy(ctx);
    },
  },
  {
    id: "audio-before-start",
    title: "audio right after the config, before START",
    expectation: "The early audio is ignored (START still comes and the stream works) or refused clearly (SRV_ERROR_* + a refusing gRPC code); never a crash.",
    timeoutMs: short,
    run: async (ctx) => {
      const leg = ctx.leg().open();
      someAudio(leg, Date.now(), 0, true);
      await leg.until(() => leg.startOf() !== undefined || leg.endOf() !== undefined, ctx.options.startTimeoutMs);
      if (leg.endOf() || !leg.startOf()) {
        const end = leg.endOf() ?? (await leg.waitForEnd(ctx.options.endTimeoutMs));
        ctx.check("early audio refused clearly (SRV_ERROR_* + a refusing gRPC code)", isClearRefusal(end) && errorStatuses(leg).length > 0, `${describeEnd(end)}; responses: ${responseSummary(leg)}`);
      } else {
        ctx.note("early audio ignored; START came");
        leg.current!.started = true;
        someAudio(leg, Date.now(), 200);
        await expectCleanEnd(ctx, leg);
      }
      await expectHealthy(ctx);
    },
  },
  {
    id: "start-in-time",
    title: "START in time on many legs at once",
    expectation: "Every leg of a burst of simultaneous streams (--legs) gets SRV_REQ_START_STREAMING within 5 s — Five9 gives up on a leg without it (CLT_ERROR_TIMEOUT, half-close) and the leg's audio is lost.",
    timeoutMs: (o) => short(o) + o.legs * 100,
    run: async (ctx) => {
      const n = ctx.options.legs;
      const callIds = Array.from({ length: Math.ceil(n / 2) }, () => ctx.callId());
      const legs = Array.from({ length: n }, (_, i) => ctx.leg({ config: { vcc_call_id: callIds[Math.floor(i / 2)]!, call_leg: i % 2 ? "CUSTOMER" : "AGENT" } }).open());
      const started = await Promise.all(legs.map((l) => l.waitForStart()));
      const latencies = legs.filter((l) => l.startOf()).map((l) => l.startOf()!.at - l.current!.openedAt).sort((a, b) => a - b);
      const p50 = latencies[Math.floor(latencies.length / 2)];
      ctx.check(
        `all ${n} legs: START within ${ctx.options.startTimeoutMs} ms`,
        started.every(Boolean),
        `${started.filter(Boolean).length}/${n} started; p50 ${Math.round(p50 ?? NaN)} ms, max ${Math.round(latencies[latencies.length - 1] ?? NaN)} ms`,
      );
      const ends = await Promise.all(legs.filter((l, i) => started[i] && l).map((l) => l.endCall(ctx.options.endTimeoutMs)));
      ctx.check("all started legs end with OK after CALL_ENDED", ends.every((e) => e?.code === grpc.status.OK), [...new Set(ends.map(describeEnd))].join(", "));
    },
  },
  {
    id: "client-gives-up",
    title: "Five9 gives up waiting for START (CLT_ERROR_TIMEOUT, half-close)",
    expectation: "The receiver ends the stream within the end timeout without crashing (any status but UNKNOWN/INTERNAL); it stays up.",
    timeoutMs: short,
    run: async (ctx) => {
      const leg = ctx.leg().open();
      leg.sendStatus("CLT_ERROR_TIMEOUT", "no SRV_REQ_START_STREAMING received");
      leg.halfClose();
      const end = await leg.waitForEnd(ctx.options.endTimeoutMs);
      ctx.check(
        `the receiver ends the stream within ${ctx.options.endTimeoutMs} ms, no UNKNOWN/INTERNAL`,
        end !== undefined && end.code !== grpc.status.UNKNOWN && end.code !== grpc.status.INTERNAL,
        describeEnd(end),
      );
      await expectHealthy(ctx);
    },
  },
  {
    id: "second-config",
    title: "a second streaming_config mid-stream",
    expectation: "Ignored (the stream goes on and ends OK) or refused clearly (SRV_ERROR_* + a refusing gRPC code); the receiver stays up.",
    timeoutMs: short,
    run: async (ctx) => {
      const leg = ctx.leg();
      if (!(await expectStart(ctx, leg))) return;
      someAudio(leg, Date.now());
      leg.write({ streaming_config: { ...leg.options.config, call_leg: "CUSTOMER" } });
      await ignoredOrRefused(ctx, leg, "second config");
      await expectHealthy(ctx);
    },
  },
  {
    id: "audio-after-call-ended",
    title: "audio after CLT_CALL_ENDED",
    expectation: "The receiver ends the stream in time (OK, or a clear refusal), never crashes; the late audio is not its concern to store (not visible on the wire).",
    timeoutMs: short,
    run: async (ctx) => {
      const leg = ctx.leg();
      if (!(await expectStart(ctx, leg))) return;
      const base = Date.now();
      someAudio(leg, base);
      leg.sendStatus("CLT_CALL_ENDED");
      someAudio(leg, base, 200);
      leg.halfClose();
      const end = await leg.waitForEnd(ctx.options.endTimeoutMs);
      ctx.check(`the stream ends within ${ctx.options.endTimeoutMs} ms with OK or a clear refusal`, end?.code === grpc.status.OK || isClearRefusal(end), describeEnd(end));
      await expectHealthy(ctx);
    },
  },
  {
    id: "unknown-enum-values",
    title: "status codes and a call leg the schema does not know",
    expectation: "Status codes 2001 and 999 mid-stream are logged and ignored: the stream stays up and ends OK. A config with call_leg 7 is accepted or refused clearly. The receiver stays up.",
    timeoutMs: (o) => 2 * short(o),
    run: async (ctx) => {
      const leg = ctx.leg();
      if (await expectStart(ctx, leg)) {
        someAudio(leg, Date.now());
        leg.sendStatus(2001, "not in the schema (Google's receiver treats it as disconnect)");
        leg.sendStatus(999);
        await leg.until(() => leg.endOf() !== undefined, 500);
        ctx.check("unknown status codes: the stream stays up", !leg.endOf(), describeEnd(leg.endOf()));
        someAudio(leg, Date.now(), 200);
        await expectCleanEnd(ctx, leg, "unknown status codes");
      }
      const odd = ctx.leg().open(false);
      const c = odd.options.config;
      odd.write(new RawRequest(encodeConfigRequest({ ...wireConfig(c), callLeg: 7 })));
      await odd.until(() => odd.startOf() !== undefined || odd.endOf() !== undefined, ctx.options.startTimeoutMs);
      if (odd.startOf() && !odd.endOf()) {
        ctx.note("call_leg 7: accepted");
        odd.current!.started = true;
        await expectCleanEnd(ctx, odd, "call_leg 7 accepted");
      } else {
        const end = odd.endOf() ?? (await odd.waitForEnd(ctx.options.endTimeoutMs));
        ctx.note(`call_leg 7: refused (${describeEnd(end)})`);
        ctx.check("call_leg 7: refused clearly", isClearRefusal(end) && errorStatuses(odd).length > 0, `${describeEnd(end)}; responses: ${responseSummary(odd)}`);
      }
      await expectHealthy(ctx);
    },
  },
  {
    id: "unsupported-audio-format",
    title: "MULAW, LINEAR16 at 16 kHz, and encoding 9",
    expectation: "Only LINEAR16 8 kHz is accepted: for any other format no START, but a feedback naming the wanted voice_config or an SRV_ERROR_* status with a message (said clearly); the receiver stays up.",
    timeoutMs: (o) => 3 * short(o),
    run: async (ctx) => {
      const variants: { name: string; open: (leg: Leg) => void }[] = [
        { name: "MULAW 8000", open: (l) => l.open() },
        { name: "LINEAR16 16000", open: (l) => l.open() },
        { name: "encoding 9", open: (l) => l.open(false).write(new RawRequest(encodeConfigRequest({ ...wireConfig(l.options.config), voiceConfig: { encoding: 9, sampleRateHertz: 8000 } }))) },
      ];
      const configs: Partial<StreamingConfig>[] = [
        { voice_config: { encoding: "MULAW", sample_rate_hertz: 8000 } },
        { voice_config: { encoding: "LINEAR16", sample_rate_hertz: 16000 } },
        {},
      ];
      for (const [i, v] of variants.entries()) {
        const leg = ctx.leg({ config: configs[i] });
        v.open(leg);
        const said = () => leg.responses.some((r) => r.feedback || (r.code?.startsWith("SRV_ERROR") && r.message));
        await leg.until(() => said() || leg.startOf() !== undefined || leg.endOf() !== undefined, ctx.options.startTimeoutMs);
        ctx.check(`${v.name}: no START`, !leg.startOf(), `responses: ${responseSummary(leg)}`);
        ctx.check(`${v.name}: feedback or an SRV_ERROR_* status with a message`, said(), `responses: ${responseSummary(leg)}; ${describeEnd(leg.endOf())}`);
        if (!leg.endOf()) {
          leg.halfClose();
          await leg.waitForEnd(ctx.options.endTimeoutMs);
        }
      }
      await expectHealthy(ctx);
    },
  },
  {
    id: "non-numeric-call-id",
    title: "vcc_call_id that is not a number",
    expectation: "Any string call id is accepted like a numeric one (Google's receiver only takes numeric ids): START, then OK.",
    timeoutMs: (o) => 2 * short(o),
    run: async (ctx) => {
      for (const id of [`CA-${Date.now().toString(36)}-7f3e-e5b1`, `conf/ünïcødé #${Date.now()} 😀`]) {
        const r = await normalLeg(ctx, { config: { vcc_call_id: id } });
        ctx.check(`call id ${JSON.stringify(id)}: START and OK end`, r.ok, r.detail);
      }
    },
  },
];

function wireConfig(c: StreamingConfig) {
  return {
    voiceConfig: { encoding: ENCODING.LINEAR16, sampleRateHertz: 8000 },
    vccCallId: c.vcc_call_id,
    domainId: c.domain_id,
    campaignId: c.campaign_id,
    agentId: c.agent_id,
    callLeg: CALL_LEG[c.call_leg as "AGENT" | "CUSTOMER"] ?? 0,
    trustToken: c.trust_token,
    subscriptionId: c.subscription_id,
    skillId: c.skill_id,
  };
}
