// The call list (filters: date range, campaign, agent, has recording / has
// transcript; newest first, keyset-paged) and one call with its recording's
// metadata and transcript. Every query is scoped to the tenant.
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { db } from "../db";
import { inPlainWords } from "../zod-error";
import { afterCursor, keysetCursorSchema, pageOf } from "../keyset-cursor";
import { apiMediaWhere, authorityFor, bridgeStateOf } from "../bridge/modes/bridge-state";
import { pickRecording, pickTranscript } from "../bridge/source-precedence";

const flag = (what: string) => z.enum(["yes", "no"], { error: `choose “Has ${what}” or “No ${what}”` }).optional();

/** The filters' names as the form shows them, for messages. */
export const CALL_FILTER_LABELS: Record<string, string> = { from: "From", to: "To", campaign: "Campaign", agent: "Agent", recording: "Recording", transcript: "Transcript", after: "Page link", take: "Page size" };

export const callFiltersSchema = z.strictObject({
  from: z.iso.date({ message: "use a date such as 2026-11-01" }).optional(),
  to: z.iso.date({ message: "use a date such as 2026-11-30" }).optional(),
  campaign: z.string().trim().max(200).optional(),
  agent: z.string().trim().max(200).optional(),
  recording: flag("recording"),
  transcript: flag("transcript"),
  /** Keyset cursor: the last call's "startedAt|id" of the previous page. */
  after: keysetCursorSchema.optional(),
  take: z.coerce.number().int().min(1).max(200).default(50),
}, { error: (issue) => (issue.code === "unrecognized_keys" ? `${issue.keys.map((k) => `“${k}”`).join(", ")} ${issue.keys.length > 1 ? "are not filters" : "is not a filter"} of the call list` : undefined) });
export type CallFilters = z.infer<typeof callFiltersSchema>;

/** Empty strings from a form mean "no filter". */
export function parseCallFilters(params: Record<string, string | undefined>) {
  return callFiltersSchema.safeParse(Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== "")), { error: inPlainWords });
}

export interface CallRow {
  id: string;
  five9CallId: string;
  startedAt: string;
  durationSeconds: number | null;
  campaign: string | null;
  agent: string | null;
  callType: string | null;
  disposition: string | null;
  hasRecording: boolean;
  hasTranscript: boolean;
  recordingState: MediaState;
  transcriptState: MediaState;
}

/**
 * Where a call's recording or transcript stands: stored; still to fetch;
 * failed and being retried; given up (a dead letter waits for a manual retry);
 * Five9 has none; the workspace did not choose that kind of data; or, in the
 * bridge's legacy mode (the APIs fetch nothing), it is to come from the FTP export.
 */
export type MediaState = "stored" | "pending" | "retrying" | "failed" | "none" | "not_chosen" | "from_export";

function mediaState(stored: boolean, wanted: boolean, checked: boolean, failing: boolean, apiFetches: boolean): MediaState {
  if (stored) return "stored";
  if (!wanted) return "not_chosen";
  if (!checked && !apiFetches) return "from_export";
  if (!checked) return failing ? "retrying" : "pending";
  return failing ? "failed" : "none";
}

/** Which media the workspace chose, and which of these calls have an open media dead letter. */
async function mediaContext(tenantId: string, five9CallIds: string[]) {
  const [install, bridge, letters] = await Promise.all([
    db().install.findUnique({ where: { tenantId }, select: { dataKinds: true } }),
    bridgeStateOf(tenantId),
    five9CallIds.length ? db().deadLetter.findMany({ where: { tenantId, kind: "media", resolvedAt: null, itemKey: { in: five9CallIds } }, select: { itemKey: true } }) : [],
  ]);
  const kinds = install?.dataKinds ?? [];
  const failing = new Set(letters.map((l) => l.itemKey));
  // In legacy mode the API media job fetches nothing (apiMediaWhere is null): what is missing comes from the export.
  const apiFetches = apiMediaWhere(bridge) !== null;
  return (call: { five9CallId: string; mediaCheckedAt: Date | null; recordings: unknown[]; transcripts: unknown[] }) => ({
    recordingState: mediaState(call.recordings.length > 0, kinds.includes("recordings"), call.mediaCheckedAt !== null, failing.has(call.five9CallId), apiFetches),
    transcriptState: mediaState(call.transcripts.length > 0, kinds.includes("transcripts"), call.mediaCheckedAt !== null, failing.has(call.five9CallId), apiFetches),
  });
}

function whereOf(tenantId: string, f: CallFilters): Prisma.CallWhereInput {
  const startedAt: Prisma.DateTimeFilter = {};
  if (f.from) startedAt.gte = new Date(`${f.from}T00:00:00Z`);
  if (f.to) startedAt.lt = new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000);
  const and: Prisma.CallWhereInput[] = [{ tenantId }];
  if (f.from || f.to) and.push({ startedAt });
  if (f.campaign) and.push({ campaign: f.campaign });
  if (f.agent) and.push({ OR: [{ agentUsername: { contains: f.agent, mode: "insensitive" } }, { agentName: { contains: f.agent, mode: "insensitive" } }] });
  if (f.recording) and.push({ recordings: f.recording === "yes" ? { some: {} } : { none: {} } });
  if (f.transcript) and.push({ transcripts: f.transcript === "yes" ? { some: {} } : { none: {} } });
  if (f.after) and.push(afterCursor("startedAt", f.after));
  return { AND: and };
}

export async function listCalls(tenantId: string, filters: CallFilters): Promise<{ calls: CallRow[]; next: string | null }> {
  const rows = await db().call.findMany({
    where: whereOf(tenantId, filters),
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: filters.take + 1,
    select: { id: true, five9CallId: true, startedAt: true, durationSeconds: true, campaign: true, agentName: true, agentUsername: true, callType: true, disposition: true, mediaCheckedAt: true, recordings: { select: { id: true } }, transcripts: { select: { id: true } } },
  });
  const { items: page, next } = pageOf(rows, filters.take, (c) => c.startedAt);
  const stateOf = await mediaContext(tenantId, page.map((c) => c.five9CallId));
  return {
    calls: page.map((c) => ({
      id: c.id, five9CallId: c.five9CallId, startedAt: c.startedAt.toISOString(), durationSeconds: c.durationSeconds, campaign: c.campaign,
      agent: c.agentName ?? c.agentUsername, callType: c.callType, disposition: c.disposition, hasRecording: c.recordings.length > 0, hasTranscript: c.transcripts.length > 0,
      ...stateOf(c),
    })),
    next,
  };
}

/** Campaigns and agents seen in the tenant's calls, for the filter pickers. */
/** The campaigns and agents of the tenant's calls, for the filter pickers: GROUP BY in the database on the (tenantId, campaign / agentUsername) indexes. */
export async function callFilterOptions(tenantId: string) {
  const [campaigns, agents] = await Promise.all([
    db().call.groupBy({ by: ["campaign"], where: { tenantId, campaign: { not: null } }, orderBy: { campaign: "asc" }, take: 500 }),
    db().call.groupBy({ by: ["agentUsername"], where: { tenantId, agentUsername: { not: null } }, _max: { agentName: true }, orderBy: { agentUsername: "asc" }, take: 500 }),
  ]);
  return { campaigns: campaigns.map((c) => c.campaign!), agents: agents.map((a) => ({ username: a.agentUsername!, name: a._max.agentName })) };
}

const segmentsSchema = z.array(z.object({ speaker: z.string(), startMs: z.number(), endMs: z.number(), text: z.string() }));

export async function callDetail(tenantId: string, callId: string) {
  const call = await db().call.findFirst({ where: { id: callId, tenantId }, include: { recordings: true, transcripts: true } });
  if (!call) return null;
  // The source authoritative for the call's time under the tenant's bridge mode comes first (recording and transcript alike).
  const authority = authorityFor(await bridgeStateOf(tenantId), call.startedAt);
  const recording = pickRecording(call.recordings, authority);
  const transcript = pickTranscript(call.transcripts, authority);
  const segments = transcript ? segmentsSchema.safeParse(transcript.segments) : null;
  const states = (await mediaContext(tenantId, [call.five9CallId]))(call);
  return {
    id: call.id,
    five9CallId: call.five9CallId,
    startedAt: call.startedAt.toISOString(),
    endedAt: call.endedAt?.toISOString() ?? null,
    durationSeconds: call.durationSeconds,
    campaign: call.campaign,
    agent: call.agentName ?? call.agentUsername,
    callType: call.callType,
    disposition: call.disposition,
    skill: call.skill,
    ani: call.ani,
    dnis: call.dnis,
    recording: recording ? { source: recording.source, bytes: Number(recording.bytes), durationMs: recording.durationMs, sha256: recording.sha256, contentType: recording.contentType, storedAt: recording.storedAt.toISOString() } : null,
    /** Every source that brought a recording, the one used first (see lib/bridge/source-precedence.ts). */
    recordingSources: call.recordings.map((r) => r.source).sort((a, b) => (a === recording?.source ? -1 : b === recording?.source ? 1 : a.localeCompare(b))),
    provenance: call.provenance,
    transcript: segments?.success ? segments.data : null,
    transcriptInvalid: segments ? !segments.success : false,
    /** Every source that brought a transcript, the one shown first. */
    transcriptSources: call.transcripts.map((t) => t.source).sort((a, b) => (a === transcript?.source ? -1 : b === transcript?.source ? 1 : a.localeCompare(b))),
    ...states,
  };
}

/** The recording Loris uses for one of the tenant's calls (for streaming; by source precedence), or null. */
export async function recordingOf(tenantId: string, callId: string) {
  const call = await db().call.findFirst({ where: { id: callId, tenantId }, select: { startedAt: true, recordings: true } });
  return call ? pickRecording(call.recordings, authorityFor(await bridgeStateOf(tenantId), call.startedAt)) : null;
}
