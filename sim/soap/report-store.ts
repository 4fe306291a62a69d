// Reports started by runReport. A report is a frozen query, not a stored
// result: the domain, the window, the simulated time it ran at and how many
// call batches the domain had then. The rows are computed again on every
// fetch — deterministic, so every fetch returns the same rows, and 50,000-row
// results cost no memory while they wait.
import { callsBetween } from "../world/generator";
import { rngFor } from "../world/random";
import type { SimCall, SimClock } from "../world/types";
import type { SimWorld } from "../world/world";

export interface CallLogReport {
  id: string;
  domainId: string;
  start: number;
  end: number;
  /** Simulated time of runReport: calls must have ended by then. */
  ranAt: number;
  /** Batches of the domain at run time; calls added later are not in the report. */
  batchCount: number;
  /** Real time (Date.now()) at which the report stops "running". */
  readyAt: number;
}

export interface ReportStoreOptions {
  /** Real milliseconds a report runs before its result can be fetched. */
  runMs: number;
  /** Simulated milliseconds a report's result stays available after runReport. */
  retentionMs: number;
  /** Rows a result holds at most (Five9: 50,000). */
  maxRows: number;
}

export class ReportStore {
  private readonly reports = new Map<string, CallLogReport>();
  private counter = 0;

  constructor(private readonly world: SimWorld, private readonly clock: SimClock, private readonly options: ReportStoreOptions) {}

  run(domainId: string, start: number, end: number): CallLogReport {
    this.prune();
    const domain = this.world.domain(domainId);
    const hex = rngFor(this.world.seed, "soap-report", ++this.counter).hex(32);
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
    const report: CallLogReport = { id, domainId, start, end, ranAt: this.clock.now(), batchCount: domain.batches.length, readyAt: Date.now() + this.options.runMs };
    this.reports.set(id, report);
    return report;
  }

  /** The report, if it exists, belongs to the domain and has not expired. */
  find(domainId: string, id: string): CallLogReport | undefined {
    this.prune();
    const report = this.reports.get(id);
    return report?.domainId === domainId ? report : undefined;
  }

  isRunning(report: CallLogReport): boolean {
    return Date.now() < report.readyAt;
  }

  /** Calls of the report: ended by run time, start in [start, end), timestamp order, at most maxRows. */
  rows(report: CallLogReport): SimCall[] {
    const domain = this.world.domain(report.domainId);
    const asOfRun = { ...domain, batches: domain.batches.slice(0, report.batchCount) };
    const calls = callsBetween(this.world.seed, asOfRun, report.start, report.end).filter((c) => c.startedAt.getTime() + c.durationSec * 1000 <= report.ranAt);
    return calls.slice(0, this.options.maxRows);
  }

  private prune(): void {
    const now = this.clock.now();
    for (const [id, report] of this.reports) if (now - report.ranAt > this.options.retentionMs) this.reports.delete(id);
  }
}
