// The "Call Log" report as CSV, the way getReportResultCsv returns it: a
// header row, then one row per call in timestamp order. TIMESTAMP is the
// domain's local wall time with no offset (Five9 prints it that way), so the
// hour that repeats in autumn prints the same wall times twice.
import { localParts, recordingFileName } from "../legacy/file-naming";
import { rngFor } from "../world/random";
import type { SimCall } from "../world/types";

export const CALL_LOG_COLUMNS = [
  "CALL ID",
  "SESSION ID",
  "TIMESTAMP",
  "CAMPAIGN",
  "CALL TYPE",
  "AGENT",
  "AGENT NAME",
  "SKILL",
  "DISPOSITION",
  "ANI",
  "DNIS",
  "CUSTOMER NAME",
  "LENGTH",
  "TRANSFERS",
  "HOLDS",
  "ABANDONED",
  "RECORDINGS",
] as const;

/** What the `extra_csv_column` fault inserts (after CAMPAIGN): a column the connector has never seen. */
export const EXTRA_COLUMN = "CALL SURVEY SCORE";
/** What the `malformed_csv_row` fault puts in a row. */
export const GARBAGE_FIELD = "#GARBAGE#";

/** Five9 prints this where a call has no agent or no skill. */
const NONE = "[None]";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const FIRST = ["Olivia", "James", "Sofia", "Mateo", "Amara", "Wei", "Priya", "Lucas", "Fatima", "Ethan", "Zoe", "Omar", "Hannah", "Kenji"];
const LAST = ["Garcia", "Smith", "O'Brien", "Kowalski", "Haddad", "Chen", "Müller", "Johnson", "Dubois", "Kim", "Santos", "Ivanova"];
const NICKNAMES = ["Bob", "Liz", "Sam", "Kat"];

const pad2 = (n: number) => String(n).padStart(2, "0");

/** `Sun, 01 Nov 2026 01:30:00`: local wall time, 24-hour clock, no offset. */
export function callLogTimestamp(epochMs: number, timeZone: string): string {
  const p = localParts(epochMs, timeZone);
  const weekday = WEEKDAYS[new Date(Date.UTC(p.year, p.month - 1, p.day)).getUTCDay()];
  return `${weekday}, ${pad2(p.day)} ${MONTHS[p.month - 1]} ${p.year} ${pad2(p.hour)}:${pad2(p.minute)}:${pad2(p.second)}`;
}

/** `H:MM:SS` (hours not padded). */
export function callLength(seconds: number): string {
  return `${Math.floor(seconds / 3600)}:${pad2(Math.floor((seconds % 3600) / 60))}:${pad2(seconds % 60)}`;
}

/**
 * The customer's name from the CRM record, derived from the call. A few names
 * carry a comma (", Jr.") or quotes (a nickname) so CSV quoting gets exercised.
 */
export function customerName(seed: number, call: SimCall): string {
  const rng = rngFor(seed, call.domainId, call.callId, "customer-name");
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const style = rng.float();
  if (style < 0.05) return `${first} ${last}, Jr.`;
  if (style < 0.08) return `${first} "${rng.pick(NICKNAMES)}" ${last}`;
  return `${first} ${last}`;
}

/** The recording's file name as Five9 exports it with session-id naming; empty when nothing was recorded. */
export function recordingsField(call: SimCall, timeZone: string): string {
  return call.recorded ? recordingFileName(call, { timeZone, sessionIdNaming: true, ivr: false }) : "";
}

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function callLogRow(seed: number, call: SimCall, timeZone: string): string[] {
  return [
    call.callId,
    call.sessionId,
    callLogTimestamp(call.startedAt.getTime(), timeZone),
    call.campaign,
    call.callType === "INBOUND" ? "Inbound" : "Outbound",
    call.agentUsername ?? NONE,
    call.agentName ?? "",
    call.skill ?? NONE,
    call.disposition,
    call.ani,
    call.dnis,
    customerName(seed, call),
    callLength(call.durationSec),
    String(call.transfers),
    String(call.holds),
    call.abandoned ? "1" : "0",
    recordingsField(call, timeZone),
  ];
}

export interface CsvFaults {
  /** Insert EXTRA_COLUMN after CAMPAIGN. */
  extraColumn?: boolean;
  /** Replace the middle row (or add one when empty) with a short row ending in GARBAGE_FIELD. */
  malformedRow?: boolean;
}

/** The whole CSV text: LF line ends, every line (header included) terminated. */
export function callLogCsv(seed: number, calls: SimCall[], timeZone: string, faults: CsvFaults = {}): string {
  const at = CALL_LOG_COLUMNS.indexOf("CAMPAIGN") + 1;
  const withExtra = (fields: string[], extra: string) => (faults.extraColumn ? [...fields.slice(0, at), extra, ...fields.slice(at)] : fields);
  const lines = [withExtra([...CALL_LOG_COLUMNS], EXTRA_COLUMN).map(csvField).join(",")];
  for (const call of calls) {
    const score = String(rngFor(seed, call.domainId, call.callId, "survey").int(1, 5));
    lines.push(withExtra(callLogRow(seed, call, timeZone), score).map(csvField).join(","));
  }
  if (faults.malformedRow) {
    const index = 1 + Math.floor(calls.length / 2);
    const base = calls[index - 1];
    const garbage = [base?.callId ?? "", base?.sessionId ?? "", GARBAGE_FIELD].join(",");
    if (base) lines[index] = garbage;
    else lines.push(garbage);
  }
  return lines.map((l) => `${l}\n`).join("");
}
