// A call's live audio for its page: each leg's WAV and the conversation, with
// duration, gaps (and whether the recording repaired them), time to first
// audio and how each leg's stream ended; and the one WAV a player streams.
import { z } from "zod";
import { db } from "../db";
import { AppError } from "../errors";
import { blobResponse } from "../ingestion-status/recording-response";
import { zodMessage } from "../zod-error";
import { gapLength, gapRepairLabel, parseGaps } from "./gaps";

export const LIVE_AUDIO_LEGS = ["agent", "customer", "supervisor", "conversation"] as const;
const legSchema = z.enum(LIVE_AUDIO_LEGS, { error: "must be agent, customer, supervisor or conversation" });

const GAP_REASON_LABEL: Record<string, string> = {
  jump: "audio did not arrive",
  paused: "paused (receiver behind)",
  reconnect: "reconnect",
  overrun: "dropped (sent while paused)",
  missed_start: "missed start",
  missed_end: "missed end (stream cut)",
};

const END_LABEL: Record<string, string> = {
  call_ended: "call ended",
  disconnect: "Five9 disconnected",
  reconnect_requested: "moved to another receiver",
  cut: "cut",
  shutdown: "receiver shut down",
  receiver_lost: "receiver lost",
  refused: "refused",
  overrun: "ended: kept sending while paused",
  idle_timeout: "ended: went silent",
  storage_error: "storage failed",
};
const endLabel = (status: string | null) => (status ? (END_LABEL[status] ?? (status.startsWith("client_error:") ? `Five9 error ${status.slice(13)}` : status)) : "streaming");

export interface LiveAudioGapView {
  /** Where the gap lies in the leg's WAV (ms from the WAV's start). */
  atMs: number;
  lengthMs: number;
  reason: string;
  reasonLabel: string;
  repaired: boolean;
  repairLabel: string;
}

export interface LiveAudioLegView {
  leg: string;
  durationMs: number;
  bytes: number;
  sha256: string;
  gapMs: number;
  repairedMs: number;
  gaps: LiveAudioGapView[];
  segments: number;
  timeToFirstAudioMs: number | null;
  endStatus: string;
  url: string;
}

/** The call's live audio (legs, then the conversation); empty when it was not streamed. Null when the call is not the tenant's. */
export async function callLiveAudio(tenantId: string, callId: string, slug: string): Promise<{ legs: LiveAudioLegView[]; streaming: boolean } | null> {
  const call = await db().call.findFirst({
    where: { id: callId, tenantId },
    select: { id: true, liveAudio: { orderBy: { leg: "asc" } }, streamSessions: { orderBy: [{ leg: "asc" }, { segment: "asc" }], select: { leg: true, segment: true, gaps: true, timeToFirstAudioMs: true, endStatus: true, endedAt: true } } },
  });
  if (!call) return null;
  const order = (leg: string) => (LIVE_AUDIO_LEGS as readonly string[]).indexOf(leg);
  const legs = [...call.liveAudio].sort((a, b) => order(a.leg) - order(b.leg)).map((a): LiveAudioLegView => {
    const conversation = a.leg === "conversation";
    const own = conversation ? call.streamSessions.filter((s) => s.leg === "agent" || s.leg === "customer") : call.streamSessions.filter((s) => s.leg === a.leg);
    // The conversation's gaps are its legs' (listed with each leg): its own list stays empty.
    const gaps = conversation ? [] : own.flatMap((s) => parseGaps(s.gaps));
    // A missed start makes the WAV begin before the leg's first audio.
    const startMs = Math.min(0, ...gaps.map((g) => g.fromMs));
    const last = own[own.length - 1];
    return {
      leg: a.leg,
      durationMs: a.durationMs,
      bytes: Number(a.bytes),
      sha256: a.sha256,
      gapMs: a.gapMs,
      repairedMs: a.repairedMs,
      gaps: gaps
        .sort((x, y) => x.fromMs - y.fromMs)
        .map((g) => ({ atMs: Math.round(g.fromMs - startMs), lengthMs: Math.round(gapLength(g)), reason: g.reason, reasonLabel: GAP_REASON_LABEL[g.reason] ?? g.reason, repaired: g.repaired === true, repairLabel: gapRepairLabel(g) })),
      segments: new Set(own.map((s) => `${s.leg}:${s.segment}`)).size,
      timeToFirstAudioMs: own.find((s) => s.timeToFirstAudioMs !== null)?.timeToFirstAudioMs ?? null,
      endStatus: conversation ? "" : endLabel(last?.endStatus ?? null),
      url: `/api/tenants/${slug}/calls/${call.id}/live-audio/${a.leg}`,
    };
  });
  return { legs, streaming: call.streamSessions.some((s) => !s.endedAt) };
}

/** One live-audio WAV of the tenant's call, streamed with Range. */
export async function liveAudioResponse(tenantId: string, callId: string, leg: string, rangeHeader: string | null): Promise<Response> {
  const parsed = legSchema.safeParse(leg);
  if (!parsed.success) throw new AppError("bad_request", zodMessage(parsed.error, { root: "leg" }));
  const row = await db().liveAudio.findFirst({ where: { callId, tenantId, leg: parsed.data } });
  if (!row) throw new AppError("not_found", "This call has no live audio for that leg.");
  return blobResponse({ ...row, contentType: "audio/wav" }, rangeHeader);
}
