// A Call Log CSV (RFC 4180, columns by header name) → calls in UTC plus the
// rows that could not be read. A bad row never stops the others: it comes back
// as a rejection with the reason and, when readable, its call id.
import { parse } from "csv-parse/sync";
import { callRowSchema, KNOWN_COLUMNS, REQUIRED_COLUMNS, toCallRecord, type CallRecord } from "./call-row";
import { parseCallLogWallTime, resolveInstant } from "./local-time";
import type { ReportWindow } from "./windows";
import { zodMessage } from "../../zod-error";

export interface RejectedRow {
  /** 1-based line in the CSV text. */
  line: number;
  five9CallId: string | null;
  /** The row's CAMPAIGN field, when it could be read (a row of a campaign not chosen is not a dead letter). */
  campaign: string | null;
  reason: string;
  text: string;
}

export interface ParsedCallLog {
  calls: CallRecord[];
  rejected: RejectedRow[];
  /** Data rows in the result, readable or not (compared with the 50,000-row cap). */
  rowCount: number;
  unknownColumns: string[];
}

export class CallLogFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CallLogFormatError";
  }
}

type Parsed = { record: string[]; info: { lines: number } };

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function parseCallLogCsv(text: string, window: ReportWindow, timeZone: string): ParsedCallLog {
  const rejected: RejectedRow[] = [];
  let skipped = 0;
  const records = parse(text, {
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    bom: true,
    info: true,
    on_skip: (error, raw) => {
      skipped++;
      rejected.push({ line: Number((error as { lines?: number } | undefined)?.lines ?? 0), five9CallId: null, campaign: null, reason: `unreadable CSV: ${error?.message ?? "parse error"}`, text: raw ?? "" });
      return undefined;
    },
  }) as unknown as Parsed[];
  if (records.length === 0) {
    if (text.trim() === "") return { calls: [], rejected, rowCount: 0, unknownColumns: [] };
    throw new CallLogFormatError("the call log has no header row");
  }
  const header = records[0]!.record.map((h) => h.trim());
  const missing = REQUIRED_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new CallLogFormatError(`the call log has no ${missing.join(", ")} column (header: ${header.join(", ")})`);
  const known = new Set<string>(KNOWN_COLUMNS);
  const unknownColumns = header.filter((h) => !known.has(h));
  const idAt = header.indexOf("CALL ID");
  const campaignAt = header.indexOf("CAMPAIGN");

  const calls: CallRecord[] = [];
  let previous: number | undefined;
  for (const { record, info } of records.slice(1)) {
    const line = info.lines;
    const rawText = record.join(",");
    const idField = record[idAt]?.trim() ?? "";
    const five9CallId = ID.test(idField) ? idField : null;
    const campaign = campaignAt >= 0 && record.length === header.length ? record[campaignAt]!.trim() || null : null;
    const reject = (reason: string) => rejected.push({ line, five9CallId, campaign, reason, text: rawText.slice(0, 2000) });
    if (record.length !== header.length) {
      reject(`row has ${record.length} fields, the header has ${header.length}`);
      continue;
    }
    const raw = Object.fromEntries(header.map((h, i) => [h, record[i]!]));
    const parsed = callRowSchema.safeParse(raw);
    if (!parsed.success) {
      reject(zodMessage(parsed.error, { root: "row" }));
      continue;
    }
    const wall = parseCallLogWallTime(parsed.data.TIMESTAMP);
    if (wall === undefined) {
      reject(`TIMESTAMP "${parsed.data.TIMESTAMP}" is not like "Sun, 01 Nov 2026 01:30:00"`);
      continue;
    }
    const startedAt = resolveInstant(wall, timeZone, window, previous);
    previous = startedAt;
    calls.push(toCallRecord(parsed.data, startedAt, raw));
  }
  return { calls, rejected, rowCount: records.length - 1 + skipped, unknownColumns };
}
