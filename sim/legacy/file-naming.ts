// Five9's legacy export file names (five9.md 2c):
//   <Campaign>/<M_D_YYYY>/<ANI or DNIS> by <agent user> @ <h_MM_SS AM>[_IVR][_<sessionId>].wav
// Dates and times are the domain's local wall clock, which is why every helper
// here takes a time zone: a connector matching files to calls has to undo it.
import type { SimCall } from "../world/types";

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a time zone. */
export function localParts(epochMs: number, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(epochMs))) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour! % 24, minute: out.minute!, second: out.second! };
}

/**
 * The UTC instant of local midnight starting a calendar day. Iterates on the
 * zone offset because the offset at midnight can differ from the one at the
 * UTC guess (DST changes happen at night).
 */
export function localMidnightUtc(year: number, month: number, day: number, timeZone: string): number {
  const wall = Date.UTC(year, month - 1, day);
  let guess = wall;
  for (let i = 0; i < 4; i++) {
    const p = localParts(guess, timeZone);
    const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - guess;
    const next = wall - offset;
    if (next === guess) break;
    guess = next;
  }
  return guess;
}

/** [start, end) in UTC of one local calendar day (23, 24 or 25 hours long). */
export function localDayRangeUtc(year: number, month: number, day: number, timeZone: string): { from: number; to: number } {
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return {
    from: localMidnightUtc(year, month, day, timeZone),
    to: localMidnightUtc(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), timeZone),
  };
}

/** `M_D_YYYY`, no zero padding, as Five9 writes it. */
export function dayFolderName(p: Pick<LocalParts, "year" | "month" | "day">): string {
  return `${p.month}_${p.day}_${p.year}`;
}

export function parseDayFolder(name: string): { year: number; month: number; day: number } | undefined {
  const m = /^(\d{1,2})_(\d{1,2})_(\d{4})$/.exec(name);
  if (!m) return undefined;
  const [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

/** `h_MM_SS AM`: 12-hour clock, hour not padded. */
export function timeOfDayName(p: Pick<LocalParts, "hour" | "minute" | "second">): string {
  const h12 = p.hour % 12 === 0 ? 12 : p.hour % 12;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${h12}_${pad(p.minute)}_${pad(p.second)} ${p.hour < 12 ? "AM" : "PM"}`;
}

/** The customer's number: the caller (ANI) on inbound calls, the dialled number (DNIS) on outbound ones. */
export function customerNumber(call: SimCall): string {
  return call.callType === "INBOUND" ? call.ani : call.dnis;
}

/**
 * Whether a call's recording carries the `_IVR` suffix. Five9 adds it to
 * recordings that began in an IVR script; the simulator has no IVR model, so
 * a fixed share of inbound calls is picked deterministically from the session id.
 */
export function isIvrRecording(call: SimCall, share: number): boolean {
  if (call.callType !== "INBOUND" || share <= 0) return false;
  return parseInt(call.sessionId.slice(-4), 16) / 0x10000 < share;
}

export interface FileNameOptions {
  timeZone: string;
  sessionIdNaming: boolean;
  ivr: boolean;
  /** Instant written into the name; default the call's start (re-uploads shift it). */
  at?: number;
}

/** The name without its extension, shared by a recording and the transcript beside it. */
export function exportFileStem(call: SimCall, options: FileNameOptions): string {
  const p = localParts(options.at ?? call.startedAt.getTime(), options.timeZone);
  const suffix = `${options.ivr ? "_IVR" : ""}${options.sessionIdNaming ? `_${call.sessionId}` : ""}`;
  return `${customerNumber(call)} by ${call.agentUsername ?? "unknown"} @ ${timeOfDayName(p)}${suffix}`;
}

export function recordingFileName(call: SimCall, options: FileNameOptions): string {
  return `${exportFileStem(call, options)}.wav`;
}

/** The transcript beside a recording: the same stem, `.json` (the simulator's definition; Five9 publishes none). */
export function transcriptFileName(call: SimCall, options: FileNameOptions): string {
  return `${exportFileStem(call, options)}.json`;
}

/** The folder (`M_D_YYYY`) holding a call's recording: the local date the call started. */
export function recordingDayFolder(call: SimCall, timeZone: string): string {
  return dayFolderName(localParts(call.startedAt.getTime(), timeZone));
}
