// Receiver-wide backpressure for when the CPU, not storage, is the bottleneck.
// grpc-js keeps reading sockets however far behind the event loop is, so an
// overloaded receiver buffers without bound (4 GB at 1,000 legs before this).
// Every `tickMs` the governor measures event-loop lag (how late its own timer
// fired) and the bytes queued across all legs; while either is above its high
// mark it pauses a share of the running legs (SRV_REQ_PAUSE_STREAMING, biggest
// queue first, then the newest), and once both are below the low marks for a
// while it resumes the paused ones, longest paused first. Paused time is a gap
// ("paused") on each leg, repairable from the call's recording.
export interface GovernedLeg {
  /** Bytes received and not yet written. */
  queuedBytes(): number;
  /** Streaming (paused or not) and not ending. */
  governable(): boolean;
  pausedForLoad(): boolean;
  /** performance.now() of the current pause, 0 when running. */
  pausedAt(): number;
  pauseForLoad(): void;
  resumeForLoad(): void;
}

export interface GovernorOptions {
  tickMs: number;
  /** Lag above which legs are paused, and below which they may resume. */
  lagHighMs: number;
  lagLowMs: number;
  /** Bytes queued across all legs above which legs are paused, below which they may resume. */
  queuedHighBytes: number;
  queuedLowBytes: number;
  /** Share of the running legs paused per overloaded tick (at least one). */
  pauseShare: number;
  /** Share of the paused legs resumed per calm tick (at least one). */
  resumeShare: number;
  /** Calm ticks in a row before resuming. */
  calmTicks: number;
}

export const DEFAULT_GOVERNOR: GovernorOptions = {
  tickMs: 100,
  lagHighMs: 200,
  lagLowMs: 40,
  queuedHighBytes: 64 * 1024 * 1024,
  queuedLowBytes: 16 * 1024 * 1024,
  pauseShare: 0.1,
  resumeShare: 0.05,
  calmTicks: 5,
};

export interface GovernorStats {
  lagMs: number;
  maxLagMs: number;
  queuedBytes: number;
  peakQueuedBytes: number;
  pausedLegs: number;
  pausesSent: number;
}

export class LoadGovernor {
  private timer: NodeJS.Timeout | undefined;
  private expected = 0;
  private calm = 0;
  readonly stats: GovernorStats = { lagMs: 0, maxLagMs: 0, queuedBytes: 0, peakQueuedBytes: 0, pausedLegs: 0, pausesSent: 0 };
  readonly options: GovernorOptions;

  constructor(
    private readonly legs: () => Iterable<GovernedLeg>,
    options: Partial<GovernorOptions> = {},
  ) {
    this.options = { ...DEFAULT_GOVERNOR, ...options };
  }

  start(): void {
    this.expected = performance.now() + this.options.tickMs;
    this.timer = setInterval(() => this.tick(), this.options.tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One look at the load (also called by tests). */
  tick(now = performance.now()): void {
    const o = this.options;
    const lag = Math.max(0, now - this.expected);
    this.expected = now + o.tickMs;
    const running: GovernedLeg[] = [];
    const paused: GovernedLeg[] = [];
    let queued = 0;
    for (const leg of this.legs()) {
      queued += leg.queuedBytes();
      if (!leg.governable()) continue;
      if (leg.pausedForLoad()) paused.push(leg);
      else running.push(leg);
    }
    const s = this.stats;
    s.lagMs = lag;
    s.maxLagMs = Math.max(s.maxLagMs, lag);
    s.queuedBytes = queued;
    s.peakQueuedBytes = Math.max(s.peakQueuedBytes, queued);
    if (lag > o.lagHighMs || queued > o.queuedHighBytes) {
      this.calm = 0;
      const n = Math.min(running.length, Math.max(1, Math.ceil(running.length * o.pauseShare)));
      running.reverse().sort((a, b) => b.queuedBytes() - a.queuedBytes());
      for (const leg of running.slice(0, n)) leg.pauseForLoad();
      s.pausesSent += n;
      s.pausedLegs = paused.length + n;
      return;
    }
    if (lag < o.lagLowMs && queued < o.queuedLowBytes) this.calm++;
    else this.calm = 0;
    if (this.calm >= o.calmTicks && paused.length) {
      const n = Math.min(paused.length, Math.max(1, Math.ceil(paused.length * o.resumeShare)));
      paused.sort((a, b) => a.pausedAt() - b.pausedAt());
      for (const leg of paused.slice(0, n)) leg.resumeForLoad();
      s.pausedLegs = paused.length - n;
      return;
    }
    s.pausedLegs = paused.length;
  }
}
