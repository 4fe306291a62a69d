// What the live view shows, read from the rows (scoped to one tenant): calls
// in progress with their legs (state, hold, time to first audio, bytes), their
// CTI event timeline in order, and the calls that ended in the last minutes
// (which leave the view with a link into Calls). A leg's latest segment
// decides its state; a leg whose segment ended for a reconnect counts as
// reconnecting for a minute. Levels are not stored: the SSE stream adds them
// from the receiver's notices.
import { db } from "../db";

/** An open segment without progress for this long is not shown as live (its replica died; the receiver's sweep closes it). */
export const STALE_OPEN_MS = 3 * 60_000;
/** A call with events but no stream leaves the view this long after its last event. */
export const EVENT_ONLY_MS = 30 * 60_000;
/** Ended calls stay listed (with their link into Calls) this long. */
export const RECENTLY_ENDED_MS = 15 * 60_000;
/** A leg whose segment ended for a reconnect is "reconnecting" for this long. */
export const RECONNECT_GRACE_MS = 60_000;
const RECONNECTING = new Set(["reconnect_requested", "shutdown", "cut", "receiver_lost"]);

export type LegState = "streaming" | "hold" | "reconnecting" | "ended" | "waiting";

export interface LiveLegView {
  leg: string;
  streamSessionId: string;
  segment: number;
  state: LegState;
  timeToFirstAudioMs: number | null;
  firstAudioAt: string | null;
  lastAudioAt: string | null;
  bytes: number;
  gapCount: number;
  holdCount: number;
  endStatus: string | null;
}

export interface LiveEventView {
  id: string;
  eventType: string;
  sequence: number;
  occurredAt: string;
}

export interface LiveCallView {
  id: string;
  five9CallId: string;
  campaign: string | null;
  agent: string | null;
  ani: string | null;
  dnis: string | null;
  startedAt: string;
  legs: LiveLegView[];
  events: LiveEventView[];
}

export interface EndedCallView {
  id: string;
  five9CallId: string;
  campaign: string | null;
  agent: string | null;
  endedAt: string;
}

export interface LiveSnapshot {
  calls: LiveCallView[];
  ended: EndedCallView[];
  /** Changes whenever a row the view shows changed (the SSE event id). */
  version: string;
  at: string;
}

const MAX_CALLS = 100;
const MAX_EVENTS = 50;

interface Holds { from: string; to?: string }

export async function callEventsOf(tenantId: string, callId: string, take = MAX_EVENTS): Promise<LiveEventView[]> {
  const rows = await db().callEvent.findMany({ where: { tenantId, callId }, orderBy: [{ sequence: "asc" }, { occurredAt: "asc" }, { id: "asc" }], take, select: { id: true, eventType: true, sequence: true, occurredAt: true } });
  return rows.map((r) => ({ id: r.id, eventType: r.eventType, sequence: r.sequence, occurredAt: r.occurredAt.toISOString() }));
}

type SessionRow = Awaited<ReturnType<typeof sessionsOf>>[number];

function sessionsOf(tenantId: string, callIds: string[]) {
  return db().streamSession.findMany({
    where: { tenantId, callId: { in: callIds } },
    orderBy: [{ leg: "asc" }, { segment: "asc" }],
    select: { id: true, callId: true, leg: true, segment: true, firstAudioAt: true, lastAudioAt: true, bytes: true, gaps: true, holds: true, timeToFirstAudioMs: true, endStatus: true, endedAt: true, updatedAt: true },
  });
}

function legView(segments: SessionRow[], now: number): LiveLegView {
  const latest = segments[segments.length - 1]!;
  const holds = segments.flatMap((s) => (Array.isArray(s.holds) ? (s.holds as unknown as Holds[]) : []));
  const gaps = segments.reduce((n, s) => n + (Array.isArray(s.gaps) ? s.gaps.length : 0), 0);
  let state: LegState;
  if (!latest.endedAt) state = !latest.firstAudioAt ? "waiting" : holds.some((h) => !h.to) ? "hold" : "streaming";
  else if (RECONNECTING.has(latest.endStatus ?? "") && now - latest.endedAt.getTime() < RECONNECT_GRACE_MS) state = "reconnecting";
  else state = "ended";
  const first = segments.find((s) => s.timeToFirstAudioMs !== null);
  return {
    leg: latest.leg, streamSessionId: latest.id, segment: latest.segment, state,
    timeToFirstAudioMs: first?.timeToFirstAudioMs ?? null,
    firstAudioAt: segments.find((s) => s.firstAudioAt)?.firstAudioAt?.toISOString() ?? null,
    lastAudioAt: latest.lastAudioAt?.toISOString() ?? null,
    bytes: segments.reduce((n, s) => n + Number(s.bytes), 0), gapCount: gaps, holdCount: holds.length, endStatus: latest.endStatus,
  };
}

export async function liveSnapshot(tenantId: string, now = Date.now()): Promise<LiveSnapshot> {
  const [active, endedRecently, recentEvents] = await Promise.all([
    db().streamSession.findMany({ where: { tenantId, endedAt: null, updatedAt: { gt: new Date(now - STALE_OPEN_MS) } }, select: { callId: true }, take: MAX_CALLS * 3 }),
    db().streamSession.findMany({ where: { tenantId, endedAt: { gt: new Date(now - RECENTLY_ENDED_MS) } }, select: { callId: true }, take: MAX_CALLS * 3 }),
    db().$queryRaw<{ callId: string }[]>`SELECT DISTINCT "callId" FROM "CallEvent" WHERE "tenantId" = ${tenantId} AND "receivedAt" > ${new Date(now - EVENT_ONLY_MS)} LIMIT ${MAX_CALLS}`,
  ]);
  const callIds = [...new Set([...active, ...endedRecently, ...recentEvents].map((r) => r.callId))].slice(0, MAX_CALLS * 2);
  if (callIds.length === 0) return { calls: [], ended: [], version: "0", at: new Date(now).toISOString() };
  const [calls, sessions, events] = await Promise.all([
    db().call.findMany({ where: { tenantId, id: { in: callIds } }, select: { id: true, five9CallId: true, campaign: true, agentUsername: true, agentName: true, ani: true, dnis: true, startedAt: true } }),
    sessionsOf(tenantId, callIds),
    db().callEvent.findMany({ where: { tenantId, callId: { in: callIds } }, orderBy: [{ sequence: "asc" }, { occurredAt: "asc" }, { id: "asc" }], select: { id: true, callId: true, eventType: true, sequence: true, occurredAt: true, receivedAt: true } }),
  ]);
  let version = 0;
  const bump = (d: Date | null) => { if (d && d.getTime() > version) version = d.getTime(); };
  const live: LiveCallView[] = [];
  const ended: EndedCallView[] = [];
  for (const call of calls) {
    const mine = sessions.filter((s) => s.callId === call.id);
    const callEvents = events.filter((e) => e.callId === call.id);
    mine.forEach((s) => bump(s.updatedAt));
    callEvents.forEach((e) => bump(e.receivedAt));
    const byLeg = new Map<string, SessionRow[]>();
    for (const s of mine) byLeg.set(s.leg, [...(byLeg.get(s.leg) ?? []), s]);
    const legs = [...byLeg.values()].map((segments) => legView(segments, now));
    const endEvent = callEvents.find((e) => e.eventType === "CALL_ENDED");
    const lastEvent = callEvents.reduce<number>((t, e) => Math.max(t, e.receivedAt.getTime()), 0);
    const inProgress = legs.length > 0 ? legs.some((l) => l.state !== "ended") : !endEvent && now - lastEvent < EVENT_ONLY_MS;
    const agent = call.agentName ?? call.agentUsername;
    if (inProgress) {
      live.push({
        id: call.id, five9CallId: call.five9CallId, campaign: call.campaign, agent, ani: call.ani, dnis: call.dnis, startedAt: call.startedAt.toISOString(), legs,
        events: callEvents.slice(-MAX_EVENTS).map((e) => ({ id: e.id, eventType: e.eventType, sequence: e.sequence, occurredAt: e.occurredAt.toISOString() })),
      });
    } else {
      const endedAt = Math.max(0, ...mine.map((s) => s.endedAt?.getTime() ?? 0), endEvent?.receivedAt.getTime() ?? 0);
      if (now - endedAt < RECENTLY_ENDED_MS) ended.push({ id: call.id, five9CallId: call.five9CallId, campaign: call.campaign, agent, endedAt: new Date(endedAt).toISOString() });
    }
  }
  live.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  ended.sort((a, b) => b.endedAt.localeCompare(a.endedAt));
  return { calls: live.slice(0, MAX_CALLS), ended: ended.slice(0, 20), version: `${version}.${live.length}.${ended.length}`, at: new Date(now).toISOString() };
}

/** Whether the tenant takes live audio at all (the view says so when it does not). */
export async function liveAudioChosenFor(tenantId: string): Promise<boolean> {
  const install = await db().install.findUnique({ where: { tenantId }, select: { dataKinds: true } });
  return Boolean(install?.dataKinds.includes("live_audio"));
}
