// What bench/voicestream-receiver.ts records per published audio message:
// recv→published, when it was published, its leg and its first frame — in
// typed arrays allocated (and their pages touched) before a level starts, so
// the bench's own recording neither grows the RSS it reports for the receiver
// nor adds garbage to the receiver's GC (the receiver runs in this process).
export interface RecordedLeg {
  five9CallId: string;
  /** Frame index of the leg's first published audio. */
  firstFrame: number;
}

export class PublishRecord {
  count = 0;
  private latency = new Float64Array(0);
  private at = new Float64Array(0);
  private leg = new Int32Array(0);
  private frame = new Int32Array(0);
  private readonly legIndex = new Map<string, number>();
  private readonly legs: RecordedLeg[] = [];

  /** Forgets the messages; room for `capacity` more without allocating. */
  reset(capacity: number): void {
    this.count = 0;
    if (capacity > this.at.length) this.allocate(capacity);
  }

  add(latencyMs: number, atMs: number, callId: string, five9CallId: string, frame: number): void {
    if (this.count === this.at.length) this.allocate(Math.max(1024, this.count * 2));
    let leg = this.legIndex.get(callId);
    if (leg === undefined) {
      leg = this.legs.push({ five9CallId, firstFrame: frame }) - 1;
      this.legIndex.set(callId, leg);
    }
    const i = this.count++;
    this.latency[i] = latencyMs;
    this.at[i] = atMs;
    this.leg[i] = leg;
    this.frame[i] = frame;
  }

  legOf(callId: string): RecordedLeg | undefined {
    const i = this.legIndex.get(callId);
    return i === undefined ? undefined : this.legs[i];
  }

  /** recv→published of the messages published at or after `fromMs` (epoch ms). */
  latencies(fromMs = -Infinity): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.count; i++) if (this.at[i]! >= fromMs) out.push(this.latency[i]!);
    return out;
  }

  /** Per message: f(its leg, its frame, when it was published). */
  map(f: (leg: RecordedLeg, frame: number, atMs: number) => number): number[] {
    const out = new Array<number>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = f(this.legs[this.leg[i]!]!, this.frame[i]!, this.at[i]!);
    return out;
  }

  private allocate(capacity: number): void {
    const grow = <T extends Float64Array | Int32Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.fill(0);
      next.set(old.subarray(0, this.count) as never);
      return next;
    };
    this.latency = grow(this.latency, (n) => new Float64Array(n));
    this.at = grow(this.at, (n) => new Float64Array(n));
    this.leg = grow(this.leg, (n) => new Int32Array(n));
    this.frame = grow(this.frame, (n) => new Int32Array(n));
  }
}
