// Which source's artifact or field Loris uses when several sources brought one
// (documented in lib/bridge/README.md). Nothing is overwritten: every source
// keeps its own row; these lists only decide which one is shown and served.
// The order follows the tenant's bridge mode: the source that is authoritative
// for the call's time (lib/bridge/modes/bridge-state.ts authorityFor) comes
// first; without a mode (or a tenant without a legacy export) the API does.

/** Where a call recording came from: the Supervisor REST API, or the legacy FTP/SFTP export. */
export const RECORDING_SOURCES = ["api", "ftp"] as const;
export type RecordingSource = (typeof RECORDING_SOURCES)[number];

/**
 * Recording precedence, first wins: the API's file is the one Five9 keeps
 * (full length, per-leg channels); the FTP export's copy is used only when the
 * API has none. Live stream audio (LiveAudio) is a separate artifact, never a
 * replacement for a call recording.
 */
export const RECORDING_PRECEDENCE: readonly RecordingSource[] = ["api", "ftp"];

/** Call record fields: the call log (api) is authoritative; the stream's CTI events next; a legacy file name last. */
export const FIELD_SOURCES = ["api", "stream", "ftp"] as const;
export type FieldSource = (typeof FIELD_SOURCES)[number];
export const FIELD_PRECEDENCE: readonly FieldSource[] = ["api", "stream", "ftp"];

function rank<T extends string>(order: readonly T[], source: string): number {
  const i = order.indexOf(source as T);
  return i < 0 ? order.length : i;
}

/** Recording precedence when `authority` is authoritative for the call: it first, then the static order. */
export function recordingOrder(authority: RecordingSource = "api"): readonly RecordingSource[] {
  return [authority, ...RECORDING_PRECEDENCE.filter((s) => s !== authority)];
}

/** Field precedence when `authority` is authoritative for the call: it first, then the static order. */
export function fieldOrder(authority: FieldSource = "api"): readonly FieldSource[] {
  return [authority, ...FIELD_PRECEDENCE.filter((s) => s !== authority)];
}

/** The recording Loris uses among a call's recordings (null when none); the authoritative source's one first, else the next. */
export function pickRecording<R extends { source: string }>(recordings: readonly R[], authority: RecordingSource = "api"): R | null {
  const order = recordingOrder(authority);
  let best: R | null = null;
  for (const r of recordings) if (!best || rank(order, r.source) < rank(order, best.source)) best = r;
  return best;
}

/**
 * A call transcript comes from the same two sources (`api`: the Supervisor
 * transcript; `ftp`: the JSON file beside a legacy recording) and follows the
 * recordings' rule: the authoritative source's transcript, else the other's.
 */
export type TranscriptSource = RecordingSource;

/** The transcript Loris uses among a call's transcripts (null when none): the same rule as pickRecording. */
export function pickTranscript<T extends { source: string }>(transcripts: readonly T[], authority: TranscriptSource = "api"): T | null {
  return pickRecording(transcripts, authority);
}

/** SQL ORDER BY expression ranking CallRecording.source by precedence (for DISTINCT ON queries). */
export const RECORDING_RANK_SQL = `CASE source ${RECORDING_PRECEDENCE.map((s, i) => `WHEN '${s}' THEN ${i}`).join(" ")} ELSE ${RECORDING_PRECEDENCE.length} END`;

/**
 * Field-level merge: per field, the value of the highest-precedence source
 * that has one (null/undefined = the source does not know it), and which
 * source that was.
 */
export function mergeFields(bySource: Partial<Record<FieldSource, Record<string, unknown>>>, authority: FieldSource = "api"): { fields: Record<string, unknown>; provenance: Record<string, FieldSource> } {
  const fields: Record<string, unknown> = {};
  const provenance: Record<string, FieldSource> = {};
  for (const source of fieldOrder(authority)) {
    for (const [key, value] of Object.entries(bySource[source] ?? {})) {
      if (value === null || value === undefined || key in fields) continue;
      fields[key] = value;
      provenance[key] = source;
    }
  }
  return { fields, provenance };
}
