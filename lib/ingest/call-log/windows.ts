// Report windows. A window never spans a DST change, so a wall time repeated
// in the autumn hour is always resolved by the window alone; windows are at
// most `maxMs` long; a window whose result is full (50,000 rows, maybe
// truncated) is split in halves and read again.
import { offsetChangesBetween } from "./local-time";

export interface ReportWindow {
  from: number;
  to: number;
}

/** Five9 returns at most this many rows per report. */
export const REPORT_ROW_CAP = 50_000;
/** Smallest window worth splitting: a full one this short is stored as is and reported. */
export const MIN_WINDOW_MS = 60_000;

export function planWindows(from: number, to: number, timeZone: string, maxMs: number): ReportWindow[] {
  const cuts = [from, ...offsetChangesBetween(from, to, timeZone), to];
  const windows: ReportWindow[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    for (let start = cuts[i]!; start < cuts[i + 1]!; start += maxMs) windows.push({ from: start, to: Math.min(start + maxMs, cuts[i + 1]!) });
  }
  return windows;
}

/** Two halves, on a whole second (Five9 criteria have second precision in practice). */
export function halve(window: ReportWindow): [ReportWindow, ReportWindow] {
  const mid = Math.floor((window.from + window.to) / 2000) * 1000;
  return [{ from: window.from, to: mid }, { from: mid, to: window.to }];
}

export function describeWindow(window: ReportWindow): string {
  return `${new Date(window.from).toISOString()}–${new Date(window.to).toISOString()}`;
}
