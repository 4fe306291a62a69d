// Shared judgements of what the wire shows: START in time, a clean end, a
// clear refusal, and "the receiver still serves a normal leg" after abuse.
import * as grpc from "@grpc/grpc-js";
import { audioBetween } from "./audio";
import type { CaseContext, LegOverrides } from "./case-types";
import type { Leg, StreamEnd } from "./leg";

export function codeName(code: number): string {
  return (grpc.status as unknown as Record<number, string>)[code] ?? String(code);
}

export function describeEnd(end: StreamEnd | undefined): string {
  if (!end) return "no final status";
  return end.details ? `${codeName(end.code)} (${end.details})` : codeName(end.code);
}

/** Codes that say "the receiver broke" or "the connection died", not "the receiver refused". */
const NOT_A_REFUSAL = new Set([grpc.status.OK, grpc.status.UNKNOWN, grpc.status.INTERNAL, grpc.status.UNAVAILABLE, grpc.status.CANCELLED]);

export function isClearRefusal(end: StreamEnd | undefined): boolean {
  return end !== undefined && !NOT_A_REFUSAL.has(end.code);
}

export function errorStatuses(leg: Leg, stream = leg.index): string[] {
  return leg.responses.filter((r) => r.stream === stream && r.code?.startsWith("SRV_ERROR")).map((r) => r.code!);
}

export function responseSummary(leg: Leg): string {
  const codes = leg.responses.map((r) => (r.feedback ? "feedback" : r.code ?? "?"));
  return codes.length ? codes.join(", ") : "none";
}

/** Opens the leg and checks START comes within Five9's timeout (the leg gives up otherwise). */
export async function expectStart(ctx: CaseContext, leg: Leg, label = "START"): Promise<boolean> {
  if (!leg.current) leg.open();
  const opened = leg.current!.openedAt;
  const ok = await leg.waitForStart();
  const start = leg.startOf();
  const detail = ok ? `after ${Math.round(start!.at - opened)} ms` : `none within ${ctx.options.startTimeoutMs} ms (${describeEnd(leg.endOf())}); the client gave up as Five9 does`;
  return ctx.check(`${label}: SRV_REQ_START_STREAMING within ${ctx.options.startTimeoutMs} ms`, ok, detail);
}

/** CALL_ENDED + half-close; the receiver must end the stream with OK in time. */
export async function expectCleanEnd(ctx: CaseContext, leg: Leg, label = "end"): Promise<boolean> {
  const end = await leg.endCall(ctx.options.endTimeoutMs);
  const errors = errorStatuses(leg);
  return ctx.check(
    `${label}: after CALL_ENDED the receiver ends the stream with OK within ${ctx.options.endTimeoutMs} ms, no error status`,
    end?.code === grpc.status.OK && errors.length === 0,
    `${describeEnd(end)}${errors.length ? `; error statuses: ${errors.join(", ")}` : ""}`,
  );
}

/** A stream the receiver must refuse: no START, an SRV_ERROR_* status, and the given gRPC code. */
export async function expectRefused(ctx: CaseContext, leg: Leg, code: grpc.status, label = "refused"): Promise<{ end?: StreamEnd }> {
  if (!leg.current) leg.open();
  const end = await leg.waitForEnd(ctx.options.startTimeoutMs);
  if (!end) leg.cancel();
  ctx.check(`${label}: no SRV_REQ_START_STREAMING`, !leg.startOf(), `responses: ${responseSummary(leg)}`);
  ctx.check(`${label}: an SRV_ERROR_* status before the end`, errorStatuses(leg).length > 0, `responses: ${responseSummary(leg)}`);
  ctx.check(`${label}: gRPC ${codeName(code)} within ${ctx.options.startTimeoutMs} ms`, end?.code === code, describeEnd(end));
  return { end };
}

/** A normal short leg: START, some paced-free audio, CALL_ENDED, OK. Returns true when all of it held. */
export async function normalLeg(ctx: CaseContext, overrides: LegOverrides = {}, audioMs = 200): Promise<{ ok: boolean; detail: string }> {
  const leg = ctx.leg(overrides).open();
  if (!(await leg.waitForStart())) return { ok: false, detail: `no START within ${ctx.options.startTimeoutMs} ms (${describeEnd(leg.endOf())})` };
  const base = Date.now();
  for (let t = 0; t < audioMs; t += 20) leg.sendAudio(audioBetween(t, t + 20), base + t);
  const end = await leg.endCall(ctx.options.endTimeoutMs);
  const errors = errorStatuses(leg);
  return { ok: end?.code === grpc.status.OK && errors.length === 0, detail: `${describeEnd(end)}${errors.length ? `; ${errors.join(", ")}` : ""}` };
}

/** After something hostile: the receiver still serves a normal leg on a new connection. */
export async function expectHealthy(ctx: CaseContext, label = "afterwards"): Promise<boolean> {
  const client = ctx.client();
  const r = await normalLeg(ctx, { client });
  return ctx.check(`${label}: the receiver still serves a normal leg on a new connection`, r.ok, r.detail);
}
