// While a leg is on hold or paused no audio flows, and load balancers cut
// HTTP/2 streams that stay idle (~60 s on some): the receiver sends an
// application status (SUCCESS "keepalive") every `intervalMs` as long as
// either reason holds (docs/five9.md §3).
export type QuietReason = "hold" | "paused";

export class HoldKeepalive {
  private readonly reasons = new Set<QuietReason>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly sendKeepalive: () => void,
  ) {}

  set(reason: QuietReason, on: boolean): void {
    if (on) this.reasons.add(reason);
    else this.reasons.delete(reason);
    if (this.reasons.size && !this.timer) this.timer = setInterval(this.sendKeepalive, this.intervalMs);
    if (!this.reasons.size) this.stop();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
