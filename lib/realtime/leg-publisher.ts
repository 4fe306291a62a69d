// A leg's live audio on the bus, batched: contiguous chunks that arrive within
// PUBLISH_WINDOW_MS (a burst, a reader that fell behind, a client sending
// 10 ms frames) become one message of up to 200 ms — one base64, one level,
// one publish — instead of one per chunk. A chunk that arrives after the leg
// was quiet for the window (real-time pacing: a 20 ms frame every 20 ms) has
// nothing to wait for: it is published at once, in its own handler (waiting
// for the end of the turn would make it wait for every other leg's frame of
// the same socket read: ~14 ms at 1,000 legs). Chunks that follow each other
// closer wait for ONE timer, shared by all legs, so a chunk waits at most the
// window: receive → published stays ≤ PUBLISH_WINDOW_MS plus event-loop lag.
// `receivedAt` is the earliest chunk's arrival (latency is never understated).
import type { LiveAudioMessage, LiveBase, LiveBus, LiveLegState } from "./bus";
import { BYTES_PER_MS, pcmLevel } from "./leg-timeline";
import type { LiveNotice, LiveNotifier } from "./live-notify";

const BUS_MAX_BYTES = 200 * BYTES_PER_MS;
export const PUBLISH_WINDOW_MS = 10;

export type PublisherIds = LiveBase;

/** Legs to publish after the window (bursting). */
const dueLater = new Set<LegPublisher>();
let laterScheduled = false;

function publishLater(): void {
  laterScheduled = false;
  for (const p of dueLater) p.flush();
  dueLater.clear();
}

export class LegPublisher {
  /** Display level (0–1) of the last published audio. */
  lastLevel = 0;
  private chunks: Buffer[] = [];
  private bytes = 0;
  private atMs = 0;
  private receivedAt = 0;
  /** Arrival of the leg's previous chunk (epoch ms). */
  private lastArrival = 0;
  /** The browser notice after audio, built only when the notifier sends it (latest values). */
  private readonly audioNotice = (): LiveNotice => this.noticeOf(this.lastLevel, this.leg().state);

  constructor(
    private readonly bus: LiveBus,
    private readonly ids: PublisherIds,
    /** Browsers get a notice (ids, level, bytes, state) after each publish and state change. */
    private readonly notifier: LiveNotifier,
    private readonly leg: () => { bytes: number; state: LiveLegState },
  ) {}

  /** The leg's state on the bus (after its pending audio) and to browsers. */
  publishState(state: LiveLegState, extra: { endStatus?: string; campaign?: string }): void {
    this.flush();
    const { tenantId, callId, five9CallId, leg, streamSessionId, segment } = this.ids;
    this.bus.publish({ tenantId, callId, five9CallId, leg, streamSessionId, segment, type: "status", state, endStatus: state === "ended" ? extra.endStatus : undefined, campaign: extra.campaign, at: Date.now() });
    const level = state === "streaming" ? this.lastLevel : 0;
    this.notifier.notify(() => this.noticeOf(level, state));
  }

  private noticeOf(level: number, state: LiveLegState): LiveNotice {
    const { tenantId, callId, streamSessionId, leg } = this.ids;
    return { tenantId, callId, streamSessionId, leg, level, bytes: this.leg().bytes, state };
  }

  /** Audio placed at `atMs` (send_time of its first sample), received at `receivedAt`. */
  add(data: Buffer, atMs: number, receivedAt: number): void {
    LegPublisher.flushDue(receivedAt);
    if (this.bytes && this.atMs + this.bytes / BYTES_PER_MS !== atMs) this.flush();
    if (!this.bytes) {
      this.atMs = atMs;
      this.receivedAt = receivedAt;
    }
    const quiet = receivedAt - this.lastArrival >= PUBLISH_WINDOW_MS;
    this.lastArrival = receivedAt;
    this.chunks.push(data);
    this.bytes += data.length;
    if (this.bytes >= BUS_MAX_BYTES || (quiet && !dueLater.has(this))) this.flush();
    else {
      dueLater.add(this);
      if (!laterScheduled) {
        laterScheduled = true;
        setTimeout(publishLater, PUBLISH_WINDOW_MS);
      }
    }
  }

  /**
   * Publishes the legs whose window has passed. The shared timer fires only once the loop is free,
   * which under load is after the next wave of frames (~13 ms at 1,000 legs); every chunk's
   * arrival checks too. `dueLater` is in the order the legs' batches began, so this stops at the
   * first leg still inside its window.
   */
  private static flushDue(now: number): void {
    for (const p of dueLater) {
      if (now - p.receivedAt < PUBLISH_WINDOW_MS) return;
      p.flush();
    }
  }

  /** Publishes what is pending now, in pieces of at most 200 ms. */
  flush(): void {
    if (!this.bytes) return;
    const data = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.bytes);
    const atMs = this.atMs;
    const receivedAt = this.receivedAt;
    const ids = this.ids;
    this.chunks.length = 0;
    this.bytes = 0;
    dueLater.delete(this);
    for (let i = 0; i < data.length; i += BUS_MAX_BYTES) {
      const piece = data.subarray(i, i + BUS_MAX_BYTES);
      const { rms, level } = pcmLevel(piece);
      this.lastLevel = level;
      const message: LiveAudioMessage = {
        // The ids one by one: an object spread here cost ~10 µs a message (V8's clone path), more than the rest of the publish.
        tenantId: ids.tenantId,
        callId: ids.callId,
        five9CallId: ids.five9CallId,
        leg: ids.leg,
        streamSessionId: ids.streamSessionId,
        segment: ids.segment,
        type: "audio",
        sendTimeMs: atMs + i / BYTES_PER_MS,
        durationMs: piece.length / BYTES_PER_MS,
        encoding: "LINEAR16",
        sampleRateHz: 8000,
        rms,
        level,
        receivedAt,
        audio: piece.toString("base64"),
      };
      this.bus.publish(message);
    }
    this.notifier.notify(this.audioNotice);
  }
}
