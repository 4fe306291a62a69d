// Which source runs and which one is authoritative, per tenant mode and call
// time (lib/bridge/README.md, "Modes"). The one place that decides it: the
// FTP import's gate, the API media job's gate, recording and field precedence
// and the ledger all ask here.
import type { BridgeMode, Prisma } from "@prisma/client";
import { Prisma as P } from "@prisma/client";
import { db } from "../../db";
import type { RecordingSource } from "../source-precedence";

export interface BridgeState {
  mode: BridgeMode;
  watermark: Date | null;
  drainUntil: Date | null;
  /** A LegacyExportSource is saved: without one the tenant behaves as `api` whatever its mode says. */
  hasLegacyExport: boolean;
}

/** What a tenant's mode means for one call: which sources are fetched for it and whose artifact Loris uses. */
export interface CallSources {
  fetch: {
    /** The FTP/SFTP import polls the export (it is per file, not per call: true for every call time while it runs). */
    ftp: boolean;
    /** The API media job: `always`, `gap` (only while the call has no FTP recording: the API as a fallback), `never`. */
    api: "always" | "gap" | "never";
  };
  authoritative: RecordingSource;
}

/** The mode that applies: `api` when no legacy export is configured. */
export function effectiveMode(state: BridgeState): BridgeMode {
  return state.hasLegacyExport ? state.mode : "api";
}

/** Whether the FTP/SFTP import runs now: every mode but `api`, where it drains until `drainUntil`. */
export function ftpImportRunning(state: BridgeState, now = Date.now()): boolean {
  if (!state.hasLegacyExport) return false;
  if (state.mode !== "api") return true;
  return state.drainUntil !== null && now < state.drainUntil.getTime();
}

/** Before the watermark the legacy export is authoritative; legacy and shadow: always; no export: never. */
export function authorityFor(state: BridgeState, callStartedAt: Date): RecordingSource {
  if (!state.hasLegacyExport) return "api";
  if (state.mode === "legacy" || state.mode === "shadow") return "ftp";
  return state.watermark && callStartedAt < state.watermark ? "ftp" : "api";
}

export function sourcesFor(state: BridgeState, callStartedAt: Date, now = Date.now()): CallSources {
  const authoritative = authorityFor(state, callStartedAt);
  const mode = effectiveMode(state);
  const api = mode === "legacy" ? "never" : mode === "shadow" || authoritative === "api" ? "always" : "gap";
  return { fetch: { ftp: ftpImportRunning(state, now), api }, authoritative };
}

/**
 * The calls the API media job may fetch, as a Call filter (null: none). The
 * same rule as sourcesFor's `fetch.api`, as one WHERE for the batch query.
 */
export function apiMediaWhere(state: BridgeState): Prisma.CallWhereInput | null {
  switch (effectiveMode(state)) {
    case "legacy":
      return null;
    case "shadow":
      return {};
    default:
      // Before T the API only fills what the export lacks; a late FTP file still wins when it comes.
      return state.watermark ? { OR: [{ startedAt: { gte: state.watermark } }, { recordings: { none: { source: "ftp" } } }] } : {};
  }
}

/**
 * Why "Fill the gaps" would do nothing under this state (null: it is offered).
 * Filling asks the APIs for what the FTP export lacks, so it means something
 * only while both run: shadow and cutover. In legacy the APIs fetch nothing;
 * in APIs only (or without an export) they already fetch every call.
 */
export function fillGapsRefusal(state: BridgeState): string | null {
  const mode = effectiveMode(state);
  if (mode === "legacy") return "In legacy mode the APIs do not fetch recordings, so they cannot fill gaps. Start shadow first.";
  if (mode === "api") return "The APIs already fetch every call's recording in this mode, so there is no other source to fill gaps from; a download that failed is retried from the Ingestion page.";
  return null;
}

/**
 * SQL for "calls that started before this instant take the FTP source as
 * authoritative", read from the tenant row in the same statement (so a
 * concurrent mode change is seen whole or not at all): -infinity without a
 * legacy export, infinity in legacy and shadow, the watermark otherwise.
 */
export function ftpAuthorityUntilSql(tenantId: string): Prisma.Sql {
  return P.sql`(SELECT CASE
      WHEN NOT EXISTS (SELECT 1 FROM "LegacyExportSource" l WHERE l."tenantId" = t.id) THEN '-infinity'::timestamp
      WHEN t."bridgeMode" IN ('legacy', 'shadow') THEN 'infinity'::timestamp
      ELSE COALESCE(t."bridgeWatermark", '-infinity'::timestamp) END
    FROM "Tenant" t WHERE t.id = ${tenantId})`;
}

type Client = Prisma.TransactionClient | ReturnType<typeof db>;

/** The tenant's bridge state; a tenant that is gone has none (behaves as `api`, FTP import off). */
export async function bridgeStateOf(tenantId: string, client: Client = db()): Promise<BridgeState> {
  const tenant = await client.tenant.findUnique({ where: { id: tenantId }, select: { bridgeMode: true, bridgeWatermark: true, bridgeDrainUntil: true, legacyExport: { select: { id: true } } } });
  if (!tenant) return { mode: "api", watermark: null, drainUntil: null, hasLegacyExport: false };
  return { mode: tenant.bridgeMode, watermark: tenant.bridgeWatermark, drainUntil: tenant.bridgeDrainUntil, hasLegacyExport: tenant.legacyExport !== null };
}

/** The FTP import jobs' entry gate: the tenant has an export and its mode stops the import now (api mode after the drain period). */
export async function ftpImportStoppedFor(tenantId: string, now = Date.now()): Promise<boolean> {
  const state = await bridgeStateOf(tenantId);
  return state.hasLegacyExport && !ftpImportRunning(state, now);
}
