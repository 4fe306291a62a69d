// One timer for every streaming leg. Each leg says when it next has work (an
// absolute simulated deadline: the end of its next 20 ms frame, or a hold
// boundary); the scheduler sleeps on the simulator clock until the earliest
// deadline and runs everything due. Scheduling against absolute deadlines
// (not "sleep 20 ms after each frame") keeps legs from drifting, and a single
// sleeper keeps 200+ legs cheap. Manual clock steps wake it like any sleeper.
import { setImmediate as yieldToIo } from "node:timers/promises";
import type { SimClock } from "../world/types";

export interface ScheduledWork {
  /** Does the work due up to `nowSim`; returns the next deadline (sim epoch ms) or undefined when done. */
  tick(nowSim: number): number | undefined;
}

interface Entry {
  at: number;
  work: ScheduledWork;
  version: number;
}

export class FrameScheduler {
  private heap: Entry[] = [];
  private versions = new Map<ScheduledWork, number>();
  private sleeping: { until: number; abort: AbortController } | undefined;
  private idle: (() => void) | undefined;
  private stopped = false;
  private readonly loop: Promise<void>;

  /** `slackRealMs`: work due within this much real time is run now, so close deadlines share one wake-up. */
  constructor(private readonly clock: SimClock, private readonly slackRealMs = 0.5) {
    this.loop = this.run();
  }

  /** (Re)schedules work at an absolute simulated time; replaces any earlier entry for it. */
  schedule(work: ScheduledWork, atSim: number): void {
    if (this.stopped) return;
    const version = (this.versions.get(work) ?? 0) + 1;
    this.versions.set(work, version);
    this.push({ at: atSim, work, version });
    if (this.sleeping && atSim < this.sleeping.until) this.sleeping.abort.abort();
    this.idle?.();
  }

  cancel(work: ScheduledWork): void {
    this.versions.delete(work);
  }

  get size(): number {
    return this.versions.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.sleeping?.abort.abort();
    this.idle?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const top = this.heap[0];
      if (!top) {
        await new Promise<void>((resolve) => (this.idle = resolve));
        this.idle = undefined;
        continue;
      }
      const slack = this.slackRealMs * this.clock.speed();
      const wait = top.at - this.clock.now();
      if (wait > slack) {
        const abort = new AbortController();
        this.sleeping = { until: top.at, abort };
        await this.clock.sleep(wait, abort.signal).catch(() => {});
        this.sleeping = undefined;
        continue;
      }
      // Running slightly early (within the slack) is how neighbouring deadlines share a wake-up.
      const horizon = this.clock.now() + slack;
      while (this.heap[0] && this.heap[0].at <= horizon && !this.stopped) {
        const entry = this.pop()!;
        if (this.versions.get(entry.work) !== entry.version) continue;
        let next: number | undefined;
        try {
          next = entry.work.tick(horizon);
        } catch {
          next = undefined; // a failing leg must not stop the others; the leg logs its own errors
        }
        if (this.versions.get(entry.work) !== entry.version) continue; // rescheduled or cancelled during tick
        if (next === undefined) this.versions.delete(entry.work);
        else this.push({ at: next, work: entry.work, version: entry.version });
      }
      // Let gRPC flush what was written before sleeping again.
      await yieldToIo();
    }
  }

  private push(entry: Entry): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (h[parent]!.at <= entry.at) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = entry;
  }

  private pop(): Entry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (!top || !last || h.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      const at = (k: number) => (k === i ? last.at : h[k]!.at);
      if (l < h.length && h[l]!.at < at(smallest)) smallest = l;
      if (r < h.length && h[r]!.at < at(smallest)) smallest = r;
      if (smallest === i) break;
      h[i] = h[smallest]!;
      i = smallest;
    }
    h[i] = last;
    return top;
  }
}
