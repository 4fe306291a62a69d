// What a leg segment's StreamSession row will say, kept as the stream runs:
// where its audio starts and ends on the leg's timeline, bytes, first/last
// audio, time to first audio, gaps and hold periods; and the end statuses.
// Times are epoch ms (a Date per frame costs); converted in `snapshot`.
import type { Hold, SegmentProgress } from "./leg-storage";
import { BYTES_PER_MS, type Gap, type GapReason, type Placement } from "./leg-timeline";

/** End statuses after which the leg will not come back (the call can be finalised). */
export const TERMINAL_END = (endStatus: string) => endStatus === "call_ended" || endStatus === "disconnect" || endStatus.startsWith("client_error:");

export class LegProgress {
  startSentAt: Date | undefined;
  /** The segment's audio starts here on the leg's timeline; −1 until its first audio. */
  offsetBytes = -1;
  endBytes = 0;
  bytes = 0;
  timeToFirstAudioMs: number | undefined;
  private firstAudioMs: number | undefined;
  private lastAudioMs: number | undefined;
  private readonly gaps: Gap[] = [];
  private readonly holds: Hold[] = [];
  private held = false;
  /** A hold began since the last audio: the jump its silence makes is not a gap. */
  private heldSinceAudio = false;

  get onHold(): boolean {
    return this.held;
  }
  get hasAudio(): boolean {
    return this.offsetBytes >= 0;
  }

  /** Returns false when already on hold. */
  hold(at: Date): boolean {
    if (this.held) return false;
    this.held = this.heldSinceAudio = true;
    this.holds.push({ from: at.toISOString() });
    return true;
  }

  /** Returns false when not on hold. */
  resume(at: Date): boolean {
    if (!this.held) return false;
    this.held = false;
    this.closeOpenHold(at);
    return true;
  }

  closeOpenHold(at: Date): void {
    const open = this.holds.at(-1);
    if (open && !open.to) open.to = at.toISOString();
  }

  /** Records a chunk the timeline placed; true when it is the segment's first audio. */
  placed(placed: Placement, receivedAtMs: number, configAtMs: number): boolean {
    if (placed.gap && !(this.heldSinceAudio && placed.gap.reason === "jump")) this.gaps.push(placed.gap);
    this.heldSinceAudio = false;
    const bytes = placed.data.length;
    if (bytes === 0) return false;
    const first = this.offsetBytes < 0;
    if (first) {
      this.offsetBytes = placed.positionBytes;
      this.firstAudioMs = placed.atMs;
      this.timeToFirstAudioMs = receivedAtMs - configAtMs;
    }
    this.lastAudioMs = placed.atMs;
    this.bytes += bytes;
    this.endBytes = placed.positionBytes + bytes;
    return first;
  }

  /**
   * A chunk the timeline placed but the receiver did not keep (overrun): its time is a gap, and the
   * segment's end covers it, so a reconnect continues after it.
   */
  dropped(placed: Placement, reason: GapReason): void {
    if (placed.gap) this.gaps.push(placed.gap);
    const bytes = placed.data.length;
    if (bytes === 0) return;
    const fromMs = placed.positionBytes / BYTES_PER_MS;
    this.gaps.push({ fromMs, toMs: (placed.positionBytes + bytes) / BYTES_PER_MS, reason });
    if (this.offsetBytes < 0) this.offsetBytes = placed.positionBytes;
    this.endBytes = placed.positionBytes + bytes;
  }

  snapshot(): SegmentProgress {
    const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
    return {
      startSentAt: this.startSentAt,
      firstAudioAt: date(this.firstAudioMs),
      lastAudioAt: date(this.lastAudioMs),
      bytes: this.bytes,
      offsetBytes: Math.max(0, this.offsetBytes < 0 ? this.endBytes : this.offsetBytes),
      endBytes: this.endBytes,
      gaps: [...this.gaps],
      holds: this.holds.map((h) => ({ ...h })),
      timeToFirstAudioMs: this.timeToFirstAudioMs,
    };
  }
}
