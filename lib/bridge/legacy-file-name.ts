// Five9's legacy export names (five9.md §2c), read back into what matching
// needs:
//   <Campaign>/<M_D_YYYY>/<ANI or DNIS> by <agent user> @ <h_MM_SS AM>[_IVR][_<sessionId>].wav
// Times are the domain's local wall clock (12-hour, hour not padded, "12_05_00 AM"
// after midnight). A transcript exported beside a recording has the same stem
// with ".json" or ".txt". Our own parser: product code never imports sim/.

export type LegacyFileKind = "recording" | "transcript";

export interface LegacyFileName {
  campaign: string;
  /** Local calendar day of the folder. */
  year: number;
  month: number;
  day: number;
  /** Local wall time of the recording's start (24-hour). */
  hour: number;
  minute: number;
  second: number;
  /** The customer's number: ANI inbound, DNIS outbound. */
  customerNumber: string;
  agentUsername: string;
  ivr: boolean;
  sessionId: string | null;
  kind: LegacyFileKind;
  /** Lower-case extension without the dot ("wav", "json", "txt"). */
  extension: string;
}

export type ParseResult = { ok: true; name: LegacyFileName } | { ok: false; reason: string };

const EXTENSIONS: Record<string, LegacyFileKind> = { wav: "recording", json: "transcript", txt: "transcript" };
const DAY_FOLDER = /^(\d{1,2})_(\d{1,2})_(\d{4})$/;
// The number has no spaces; the agent user has none either (Five9 usernames); the session id is hex/alnum.
const STEM = /^(\S+) by (\S+) @ (\d{1,2})_(\d{2})_(\d{2}) (AM|PM)(_IVR)?(?:_([A-Za-z0-9]+))?$/;

/** `M_D_YYYY` of a real calendar day, or undefined. */
export function parseDayFolder(name: string): { year: number; month: number; day: number } | undefined {
  const m = DAY_FOLDER.exec(name);
  if (!m) return undefined;
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (year < 1970 || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

export function formatDayFolder(d: { year: number; month: number; day: number }): string {
  return `${d.month}_${d.day}_${d.year}`;
}

/** Parses a path relative to the export folder: `<Campaign>/<M_D_YYYY>/<file>`. */
export function parseLegacyPath(relativePath: string): ParseResult {
  const parts = relativePath.split("/").filter((p) => p.length > 0);
  if (parts.length !== 3) return { ok: false, reason: `expected <campaign>/<M_D_YYYY>/<file>, got ${parts.length} path segment(s)` };
  const [campaign, folder, file] = parts as [string, string, string];
  const day = parseDayFolder(folder);
  if (!day) return { ok: false, reason: `folder "${folder}" is not a day (M_D_YYYY)` };
  const dot = file.lastIndexOf(".");
  const extension = dot > 0 ? file.slice(dot + 1).toLowerCase() : "";
  const kind = EXTENSIONS[extension];
  if (!kind) return { ok: false, reason: `"${file}" is neither a recording (.wav) nor a transcript (.json, .txt)` };
  const m = STEM.exec(file.slice(0, dot));
  if (!m) return { ok: false, reason: `"${file}" does not follow "<number> by <agent> @ <h_MM_SS AM>[_IVR][_<sessionId>]"` };
  const h12 = Number(m[3]);
  const minute = Number(m[4]);
  const second = Number(m[5]);
  if (h12 < 1 || h12 > 12 || m[3]!.startsWith("0") || minute > 59 || second > 59) return { ok: false, reason: `"${file}" has no valid time of day` };
  const pm = m[6] === "PM";
  const hour = (h12 % 12) + (pm ? 12 : 0);
  return {
    ok: true,
    name: { campaign, ...day, hour, minute, second, customerNumber: m[1]!, agentUsername: m[2]!, ivr: Boolean(m[7]), sessionId: m[8] ?? null, kind, extension },
  };
}

/** `h_MM_SS AM`: 12-hour clock, hour not padded. */
export function formatTimeOfDay(t: { hour: number; minute: number; second: number }): string {
  const h12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${h12}_${pad(t.minute)}_${pad(t.second)} ${t.hour < 12 ? "AM" : "PM"}`;
}

/** The path Five9 would write for these fields (inverse of parseLegacyPath). */
export function formatLegacyPath(n: LegacyFileName): string {
  const suffix = `${n.ivr ? "_IVR" : ""}${n.sessionId ? `_${n.sessionId}` : ""}`;
  return `${n.campaign}/${formatDayFolder(n)}/${n.customerNumber} by ${n.agentUsername} @ ${formatTimeOfDay(n)}${suffix}.${n.extension}`;
}

/** The wall time of the name as epoch ms read as UTC (what Postgres stores in a `timestamp` column). */
export function wallTimeMs(n: Pick<LegacyFileName, "year" | "month" | "day" | "hour" | "minute" | "second">): number {
  return Date.UTC(n.year, n.month - 1, n.day, n.hour, n.minute, n.second);
}
