// What the browser is shown of the install's moving parts — health runs,
// the VoiceStream subscription and data deletions — as plain JSON shared by
// the pages (first render) and the routes they poll. Never a secret.
import type { DataDeletion, Five9Connection, HealthResult, HealthRun, Install, Tenant, VoiceStreamSubscription } from "@prisma/client";
import { db } from "../db";
import { HEALTH_CHECKS } from "../health/checks";
import { voiceStreamState, type VoiceStreamState } from "../realtime/voicestream-state";

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export interface HealthResultView { checkId: string; title: string; status: "pass" | "warn" | "fail" | "skipped"; message: string; fixHint: string | null; durationMs: number }
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

/**
 * The one reading of a workspace's connection that every card of the
 * overview shows (status badge, banner, Connection card, live audio, data
 * path): derived from the stored rows and the latest finished health run, so
 * a failing authorization check and the cards never disagree. The page
 * re-renders when a health run finishes, so they update together.
 */
export interface TenantStatusView {
  /** What the status badge shows. */
  status: "pending" | "installed" | "needs_reauthorization" | "uninstalled";
  /** The authorization no longer works (stored state, or the latest check failed since it was last renewed). */
  authorizationFailing: boolean;
  authorization: string;
  tokenRenews: string;
  historyUser: string;
  legacyExport: string;
  liveAudio: string;
  dataPath: string;
}

type StatusRows = {
  tenant: Pick<Tenant, "status">;
  install: Pick<Install, "dataKinds" | "completedAt"> | null;
  connection: Pick<Five9Connection, "grantType" | "clientId" | "state" | "tokenExpiresAt" | "updatedAt"> | null;
  supervisor: { username: string } | null;
  legacy: { protocol: string; host: string; port: number } | null;
  voiceStream: VoiceStreamSubscription | null;
  /** The "token" result of the latest finished health run, with when that run finished. */
  lastTokenCheck: { status: HealthResult["status"]; message: string; finishedAt: Date } | null;
};

const API_KINDS: Record<string, string> = { call_log: "call log", recordings: "recordings", transcripts: "transcripts" };

export function deriveTenantStatus(rows: StatusRows, now: Date = new Date()): TenantStatusView {
  const { tenant, install, connection } = rows;
  const checkFailed = Boolean(connection && rows.lastTokenCheck?.status === "fail" && rows.lastTokenCheck.finishedAt >= connection.updatedAt);
  const authorizationFailing = Boolean(connection && (connection.state !== "active" || checkFailed));
  const method = connection ? (connection.grantType === "authorization_code" ? "Connect with Five9" : `API client ${connection.clientId}`) : null;
  const authorization = !connection
    ? "Not authorized"
    : connection.state === "revoked"
      ? `${method} · Revoked`
      : authorizationFailing
        ? `${method} · Five9 no longer accepts it: re-authorize`
        : `${method} · Active`;
  const status = tenant.status === "installed" && authorizationFailing ? "needs_reauthorization" : tenant.status;
  const kinds = install?.dataKinds ?? [];
  const liveChosen = kinds.includes("live_audio");
  const apiKinds = kinds.filter((k) => k in API_KINDS).map((k) => API_KINDS[k]);
  const dataPath = [apiKinds.length ? `Five9 APIs (${apiKinds.join(", ")})` : null, liveChosen ? "live audio (VoiceStream)" : null].filter(Boolean).join(" + ") || "Nothing chosen yet";
  return {
    status,
    authorizationFailing,
    authorization,
    tokenRenews: authorizationFailing || !connection?.tokenExpiresAt ? "—" : `before ${connection.tokenExpiresAt.toISOString().slice(11, 16)} UTC`,
    historyUser: rows.supervisor?.username ?? "—",
    legacyExport: rows.legacy ? `${rows.legacy.protocol.toUpperCase()} ${rows.legacy.host}:${rows.legacy.port}` : "Not used",
    liveAudio: liveChosen ? voiceStreamState(rows.voiceStream, now).summary : "Not used",
    dataPath: install ? dataPath : "—",
  };
}

export async function tenantStatusView(tenantId: string): Promise<TenantStatusView> {
  const [tenant, install, connection, supervisor, legacy, voiceStream, lastRun] = await Promise.all([
    db().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { status: true } }),
    db().install.findUnique({ where: { tenantId }, select: { dataKinds: true, completedAt: true } }),
    db().five9Connection.findUnique({ where: { tenantId }, select: { grantType: true, clientId: true, state: true, tokenExpiresAt: true, updatedAt: true } }),
    db().supervisorCredential.findUnique({ where: { tenantId }, select: { username: true } }),
    db().legacyExportSource.findUnique({ where: { tenantId }, select: { protocol: true, host: true, port: true } }),
    db().voiceStreamSubscription.findUnique({ where: { tenantId } }),
    db().healthRun.findFirst({ where: { tenantId, finishedAt: { not: null } }, orderBy: { startedAt: "desc" }, include: { results: { where: { checkId: "token" } } } }),
  ]);
  const token = lastRun?.results[0];
  return deriveTenantStatus({ tenant, install, connection, supervisor, legacy, voiceStream, lastTokenCheck: token && lastRun.finishedAt ? { status: token.status, message: token.message, finishedAt: lastRun.finishedAt } : null });
}
