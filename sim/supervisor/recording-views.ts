// Recording views: a supervisor's query over recorded calls, fixed when it is
// created (calls that had ended by then) and read page by page with `/next`.
// A view keeps only call ids (calls are re-derived from the seed per page), so
// a view over 100k calls costs a few MB at most. Views end after a stretch of
// simulated idle time; a user keeps at most MAX_VIEWS_PER_USER (oldest dropped).
import { randomUUID } from "node:crypto";
import type { FaultRegistry } from "../http/faults";
import type { SimDomain } from "../world/domains";
import { SAMPLE_RATE_HZ, type SimCall, type SimClock } from "../world/types";
import { wavByteLength, wavChannels } from "../world/wav";
import { SupervisorError } from "./supervisor-error";

export const MAX_VIEWS_PER_USER = 50;

export interface RecordingItem {
  callId: string;
  sessionId: string;
  recordingId: string;
  agentId: string | null;
  agentUsername: string | null;
  agentName: string | null;
  campaign: string;
  callType: SimCall["callType"];
  ani: string;
  dnis: string;
  startedAt: string;
  endedAt: string;
  durationSec: number;
  channels: number;
  sampleRateHz: number;
  contentType: "audio/wav";
  sizeBytes: number;
  recordingPath: string;
  transcriptPath: string;
}

export interface RecordingPage {
  viewId: string;
  items: RecordingItem[];
  hasMore: boolean;
  total: number;
  pageSize: number;
}

interface RecordingView {
  viewId: string;
  domainId: string;
  userId: string;
  callIds: string[];
  pageSize: number;
  /** Index of the first call of the next page. */
  offset: number;
  /** Index of the first call of the page served last (-1 before the first). */
  previousOffset: number;
  lastUsedAt: number;
}

export function recordingPath(supervisorId: string, callId: string): string {
  return `/supsvcs/rs/svc/supervisors/${encodeURIComponent(supervisorId)}/recordings/${encodeURIComponent(callId)}`;
}

export function transcriptPath(supervisorId: string, callId: string): string {
  return `/supsvcs/rs/svc/supervisors/${encodeURIComponent(supervisorId)}/transcripts/${encodeURIComponent(callId)}`;
}

export function recordingItem(call: SimCall, domain: SimDomain, supervisorId: string): RecordingItem {
  const agent = call.agentUsername ? domain.users.find((u) => u.username === call.agentUsername) : undefined;
  return {
    callId: call.callId,
    sessionId: call.sessionId,
    recordingId: `${call.callId}-1`,
    agentId: agent?.id ?? null,
    agentUsername: call.agentUsername,
    agentName: call.agentName,
    campaign: call.campaign,
    callType: call.callType,
    ani: call.ani,
    dnis: call.dnis,
    startedAt: call.startedAt.toISOString(),
    endedAt: new Date(call.startedAt.getTime() + call.durationSec * 1000).toISOString(),
    durationSec: call.durationSec,
    channels: wavChannels(call),
    sampleRateHz: SAMPLE_RATE_HZ,
    contentType: "audio/wav",
    sizeBytes: wavByteLength(call),
    recordingPath: recordingPath(supervisorId, call.callId),
    transcriptPath: transcriptPath(supervisorId, call.callId),
  };
}

export class RecordingViewStore {
  private views = new Map<string, RecordingView>();

  constructor(private readonly clock: SimClock, private readonly idleMs: number) {}

  create(domainId: string, userId: string, callIds: string[], pageSize: number): string {
    this.sweep();
    const mine = [...this.views.values()].filter((v) => v.userId === userId).sort((a, b) => a.lastUsedAt - b.lastUsedAt);
    for (const old of mine.slice(0, Math.max(0, mine.length - MAX_VIEWS_PER_USER + 1))) this.views.delete(old.viewId);
    const viewId = randomUUID();
    this.views.set(viewId, { viewId, domainId, userId, callIds, pageSize, offset: 0, previousOffset: -1, lastUsedAt: this.clock.now() });
    return viewId;
  }

  /**
   * Serves the view's next page and advances it. Faults: `duplicate_page` serves
   * the previous page again without advancing; `out_of_order_page` reverses the page.
   */
  next(viewId: string, userId: string, faults: FaultRegistry, path: string, toItem: (callId: string) => RecordingItem): RecordingPage {
    this.sweep();
    const view = this.views.get(viewId);
    if (!view || view.userId !== userId) throw new SupervisorError(404, "VIEW_NOT_FOUND", `No recording view ${viewId}: it never existed or expired after ${this.idleMs / 1000} s unused; create a new one`);
    view.lastUsedAt = this.clock.now();
    let start = view.offset;
    if (view.previousOffset >= 0 && faults.take("duplicate_page", view.domainId, path)) start = view.previousOffset;
    else {
      view.previousOffset = view.offset;
      view.offset = Math.min(view.callIds.length, view.offset + view.pageSize);
    }
    let items = view.callIds.slice(start, start + view.pageSize).map(toItem);
    if (items.length > 1 && faults.take("out_of_order_page", view.domainId, path)) items = items.reverse();
    return { viewId, items, hasMore: view.offset < view.callIds.length, total: view.callIds.length, pageSize: view.pageSize };
  }

  private sweep(): void {
    const now = this.clock.now();
    for (const [id, v] of this.views) if (now - v.lastUsedAt > this.idleMs) this.views.delete(id);
  }
}
