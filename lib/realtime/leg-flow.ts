// Backpressure for one leg. grpc-js's pause() does not stop the HTTP/2 stream
// (memory grows instead), so the only brake is Five9's: SRV_REQ_PAUSE_STREAMING,
// and SRV_REQ_START_STREAMING once the reason is gone. Two reasons can hold a
// leg paused at once — its own storage queue is behind ("storage"), or the
// receiver as a whole is overloaded ("load", decided by load-governor.ts) — and
// START is sent only when none is left. The next audio after a pause opens a
// gap with reason "paused" (what Five9 did not send while paused is not lost
// by accident: it is a recorded gap, repairable from the recording).
export type PauseReason = "storage" | "load";

export interface FlowHooks {
  /** Send SRV_REQ_PAUSE_STREAMING (the leg was running). */
  pause(reason: PauseReason): void;
  /** Send SRV_REQ_START_STREAMING (the last reason went away). */
  resume(): void;
}

export class LegFlow {
  private readonly reasons = new Set<PauseReason>();
  /** Set on resume: the next audio's gap (if any) is a "paused" gap. */
  pausedSinceAudio = false;
  /** When the current pause began (performance.now()), for the governor's fairness. */
  pausedAt = 0;

  constructor(private readonly hooks: FlowHooks) {}

  get paused(): boolean {
    return this.reasons.size > 0;
  }

  has(reason: PauseReason): boolean {
    return this.reasons.has(reason);
  }

  pause(reason: PauseReason): void {
    if (this.reasons.has(reason)) return;
    const wasRunning = this.reasons.size === 0;
    this.reasons.add(reason);
    if (wasRunning) {
      this.pausedAt = performance.now();
      this.hooks.pause(reason);
    }
  }

  resume(reason: PauseReason): void {
    if (!this.reasons.delete(reason) || this.reasons.size) return;
    this.pausedSinceAudio = true;
    this.hooks.resume();
  }

  /** The leg ended: forget every reason without answering. */
  clear(): void {
    this.reasons.clear();
  }
}
