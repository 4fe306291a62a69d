// A streaming leg that goes silent. Five9 sends a message every 20 ms while a
// leg streams; the only silences the protocol allows are a hold (CLT_CALL_HOLD
// until CLT_CALL_RESUME) and our own pause (SRV_REQ_PAUSE_STREAMING until
// START), during which leg-keepalive.ts keeps the stream alive from our side.
// Any other silence longer than `idleMs` means the client is stuck (or a
// half-open stream holds a slot): the leg is ended (DEADLINE_EXCEEDED), what
// was stored stays, and a reconnect continues it as a new segment.
// Cheap on the hot path: `touch()` only stores the time; one timer per leg
// fires at the earliest possible expiry and re-arms itself.
export class IdleWatch {
  private last = performance.now();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly idleMs: number,
    /** True while a silence is allowed (on hold, paused): the clock restarts. */
    private readonly quiet: () => boolean,
    private readonly onIdle: () => void,
  ) {}

  start(): void {
    this.last = performance.now();
    this.arm(this.idleMs);
  }

  /** A message arrived. */
  touch(): void {
    this.last = performance.now();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => this.check(), ms);
    this.timer.unref();
  }

  private check(): void {
    const now = performance.now();
    if (this.quiet()) this.last = now;
    const left = this.last + this.idleMs - now;
    if (left > 0) return this.arm(left);
    this.timer = undefined;
    this.onIdle();
  }
}
