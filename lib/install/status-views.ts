// What the browser is shown of the install's moving parts — health runs,
// the VoiceStream subscription and data deletions — as plain JSON shared by
// the pages (first render) and the routes they poll. Never a secret.
import type { DataDeletion, HealthResult, HealthRun, VoiceStreamSubscription } from "@prisma/client";
import { db } from "../db";
import { HEALTH_CHECKS } from "../health/checks";
import { voiceStreamState, type VoiceStreamState } from "../realtime/voicestream-state";

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export interface HealthResultView { checkId: string; title: string; status: "pass" | "warn" | "fail"; message: string; fixHint: string | null; durationMs: number }
export interface HealthRunView { id: string; trigger: string; triggeredBy: string | null; startedAt: string; finishedAt: string | null; results: HealthResultView[] }

const CHECK_ORDER = HEALTH_CHECKS.map((c) => c.id);

/** Results in catalog order, whatever order they finished in. */
export function healthRunView(run: HealthRun & { results: HealthResult[] }, order: readonly string[] = CHECK_ORDER): HealthRunView {
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  const results = [...run.results].sort((a, b) => rank(a.checkId) - rank(b.checkId));
  return {
    id: run.id,
    trigger: run.trigger,
    triggeredBy: run.triggeredBy,
    startedAt: run.startedAt.toISOString(),
    finishedAt: iso(run.finishedAt),
    results: results.map((r) => ({ checkId: r.checkId, title: r.title, status: r.status, message: r.message, fixHint: r.fixHint, durationMs: r.durationMs })),
  };
}

export interface LiveAudioView { provisioned: boolean; validatedAt: string | null; lastEventAt: string | null; lastStreamAt: string | null; lastAuthenticatedAt: string | null; state: VoiceStreamState }

export function liveAudioView(sub: VoiceStreamSubscription | null, now: Date = new Date()): LiveAudioView {
  const active = sub && !sub.disabledAt ? sub : null;
  return {
    provisioned: Boolean(active),
    validatedAt: iso(active?.validatedAt),
    lastEventAt: iso(active?.lastEventAt),
    lastStreamAt: iso(active?.lastStreamAt),
    lastAuthenticatedAt: iso(active?.lastAuthenticatedAt),
    state: voiceStreamState(sub, now),
  };
}

export async function liveAudioStatus(tenantId: string): Promise<LiveAudioView> {
  return liveAudioView(await db().voiceStreamSubscription.findUnique({ where: { tenantId } }));
}

export interface DeletionView { id: string; status: string; total: number; done: number; report: unknown; createdAt: string; finishedAt: string | null }

export function deletionView(row: DataDeletion): DeletionView {
  return { id: row.id, status: row.status, total: row.total, done: row.done, report: row.report, createdAt: row.createdAt.toISOString(), finishedAt: iso(row.finishedAt) };
}

export async function latestDeletion(tenantId: string): Promise<DeletionView | null> {
  const row = await db().dataDeletion.findFirst({ where: { tenantId }, orderBy: { createdAt: "desc" } });
  return row ? deletionView(row) : null;
}
