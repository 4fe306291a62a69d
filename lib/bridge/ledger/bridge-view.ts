// What the Bridge page shows for one tenant: the mode and its last change,
// which changes are possible, the ledger of the last days, and the legacy
// files still waiting for a match with their candidate calls.
import { db } from "../../db";
import { bridgeStateOf, effectiveMode, fillGapsRefusal } from "../modes/bridge-state";
import { bridgeModeLine } from "../modes/mode-line";
import { TRANSITIONS } from "../modes/transitions";
import { ledgerDays, recentRange, zoneOf, type LedgerDay } from "./ledger";

export const LEDGER_DAYS = 30;
const OPEN_FILES = 50;

export interface OpenFile {
  id: string;
  path: string;
  kind: string;
  matchState: string;
  localStart: string | null;
  candidates: { id: string; five9CallId: string; startedAt: string; agentUsername: string | null }[];
}

export interface BridgeView {
  mode: string;
  effectiveMode: string;
  /** Why "Fill the gaps" is not offered in this mode (null: offered on days with gaps). */
  fillGapsRefusal: string | null;
  hasLegacyExport: boolean;
  line: string;
  watermark: string | null;
  drainUntil: string | null;
  zone: string;
  next: string[];
  lastChange: { from: string; to: string; by: string | null; at: string } | null;
  days: LedgerDay[];
  totals: Omit<LedgerDay, "day">;
  openFiles: OpenFile[];
  openFilesTotal: number;
}

export async function bridgeView(tenantId: string, days = LEDGER_DAYS): Promise<BridgeView> {
  const tenant = await db().tenant.findUniqueOrThrow({ where: { id: tenantId } });
  const state = await bridgeStateOf(tenantId);
  const zone = zoneOf(tenant);
  const [ledger, last, files, openFilesTotal] = await Promise.all([
    ledgerDays(tenantId, recentRange(zone, days)),
    db().bridgeModeChange.findFirst({ where: { tenantId }, orderBy: { at: "desc" } }),
    db().legacyFile.findMany({ where: { tenantId, status: "imported", matchState: { in: ["ambiguous", "unmatched"] } }, orderBy: [{ localStart: "desc" }, { id: "asc" }], take: OPEN_FILES }),
    db().legacyFile.count({ where: { tenantId, status: "imported", matchState: { in: ["ambiguous", "unmatched"] } } }),
  ]);
  const candidateIds = [...new Set(files.flatMap((f) => f.candidates))];
  const calls = candidateIds.length ? await db().call.findMany({ where: { tenantId, id: { in: candidateIds } }, select: { id: true, five9CallId: true, startedAt: true, agentUsername: true } }) : [];
  const byId = new Map(calls.map((c) => [c.id, c]));
  const totals = ledger.reduce(
    (t, d) => {
      for (const key of Object.keys(t) as (keyof typeof t)[]) t[key] += d[key];
      return t;
    },
    { expected: 0, ftp: 0, api: 0, ftpTranscript: 0, apiTranscript: 0, live: 0, onlyFtp: 0, onlyApi: 0, gaps: 0, filesMatched: 0, filesAmbiguous: 0, filesUnmatched: 0 },
  );
  return {
    mode: state.mode,
    effectiveMode: effectiveMode(state),
    fillGapsRefusal: fillGapsRefusal(state),
    hasLegacyExport: state.hasLegacyExport,
    line: bridgeModeLine(tenant, state.hasLegacyExport),
    watermark: state.watermark?.toISOString() ?? null,
    drainUntil: state.drainUntil?.toISOString() ?? null,
    zone,
    next: state.hasLegacyExport ? [...TRANSITIONS[state.mode]] : [],
    lastChange: last ? { from: last.fromMode, to: last.toMode, by: last.actorEmail, at: last.at.toISOString() } : null,
    days: ledger,
    totals,
    openFiles: files.map((f) => ({
      id: f.id, path: f.path, kind: f.kind, matchState: f.matchState, localStart: f.localStart?.toISOString().replace("T", " ").slice(0, 19) ?? null,
      candidates: f.candidates.map((id) => byId.get(id)).filter((c) => c !== undefined).map((c) => ({ id: c.id, five9CallId: c.five9CallId, startedAt: c.startedAt.toISOString(), agentUsername: c.agentUsername })),
    })),
    openFilesTotal,
  };
}
