// The simulator's clock: real time for live demos, faster for tests, or
// paused and stepped by hand. Sleepers wake when simulated time reaches them,
// whether it got there by running or by a manual step.
import type { SimClock } from "./types";

interface Sleeper {
  wakeAt: number;
  resolve: () => void;
}

export interface ClockSettings {
  /** Simulated start time (epoch ms); default: now. */
  start?: number;
  /** Simulated ms per real ms; 0 = paused. Default 1. */
  speed?: number;
}

export class ControllableClock implements SimClock {
  private anchorReal = Date.now();
  private anchorSim: number;
  private rate: number;
  private sleepers: Sleeper[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(settings: ClockSettings = {}) {
    this.anchorSim = settings.start ?? Date.now();
    this.rate = settings.speed ?? 1;
  }

  now(): number {
    return this.anchorSim + (Date.now() - this.anchorReal) * this.rate;
  }

  speed(): number {
    return this.rate;
  }

  /** Changes speed from now on (0 pauses). */
  setSpeed(speed: number): void {
    this.rebase();
    this.rate = speed;
    this.reschedule();
  }

  /** Jumps to an absolute simulated time (forward or back). */
  set(time: number): void {
    this.anchorReal = Date.now();
    this.anchorSim = time;
    this.reschedule();
  }

  /** Advances simulated time by `ms` at once. */
  advance(ms: number): void {
    this.rebase();
    this.anchorSim += ms;
    this.reschedule();
  }

  sleep(simMs: number, signal?: AbortSignal): Promise<void> {
    if (simMs <= 0) return Promise.resolve();
    if (signal?.aborted) return Promise.reject(signal.reason ?? new Error("aborted"));
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(signal?.reason ?? new Error("aborted"));
      };
      // The listener goes when the sleep ends, so one signal can serve many sleeps.
      const sleeper: Sleeper = {
        wakeAt: this.now() + simMs,
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener("abort", onAbort, { once: true });
      this.reschedule();
    });
  }

  /** Releases every sleeper (on shutdown). */
  close(): void {
    clearTimeout(this.timer);
    for (const s of this.sleepers) s.resolve();
    this.sleepers = [];
  }

  private rebase(): void {
    this.anchorSim = this.now();
    this.anchorReal = Date.now();
  }

  private reschedule(): void {
    clearTimeout(this.timer);
    const now = this.now();
    const due = this.sleepers.filter((s) => s.wakeAt <= now);
    this.sleepers = this.sleepers.filter((s) => s.wakeAt > now);
    for (const s of due) s.resolve();
    if (this.sleepers.length === 0 || this.rate <= 0) return;
    const next = Math.min(...this.sleepers.map((s) => s.wakeAt));
    this.timer = setTimeout(() => this.reschedule(), Math.max(0, (next - now) / this.rate));
    this.timer.unref?.();
  }
}
