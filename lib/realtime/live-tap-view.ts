// What `npm run live:tap` prints, kept apart from the command so it can be
// tested: leg state changes as they happen, and per leg at most one level
// line a second (audio messages arrive every 20–200 ms).
import type { LiveMessage } from "./bus";

export interface TapLine {
  five9CallId: string;
  leg: string;
  text: string;
}

export class LiveTapView {
  private lastLevelAt = new Map<string, number>();
  private bytes = new Map<string, number>();
  private state = new Map<string, string>();

  apply(message: LiveMessage, now: number): TapLine[] {
    const key = `${message.callId}/${message.leg}`;
    if (message.type === "status") {
      if (this.state.get(key) === message.state) return [];
      this.state.set(key, message.state);
      const detail = message.state === "ended" ? ` (${message.endStatus ?? "?"})` : message.campaign ? ` campaign ${message.campaign}` : "";
      if (message.state === "ended") this.lastLevelAt.delete(key);
      return [{ five9CallId: message.five9CallId, leg: message.leg, text: `${message.state}${detail} segment ${message.segment}` }];
    }
    this.bytes.set(key, (this.bytes.get(key) ?? 0) + message.durationMs);
    if (now - (this.lastLevelAt.get(key) ?? 0) < 1000) return [];
    this.lastLevelAt.set(key, now);
    const bar = "█".repeat(Math.round(message.level * 20)).padEnd(20, "·");
    return [{ five9CallId: message.five9CallId, leg: message.leg, text: `level ${bar} ${message.level.toFixed(2)}  ${((this.bytes.get(key) ?? 0) / 1000).toFixed(1)} s heard, ${Math.max(0, Date.now() - message.receivedAt)} ms behind` }];
  }
}

export function formatTapLine(line: TapLine): string {
  return `${new Date().toISOString().slice(11, 23)}  call ${line.five9CallId.padEnd(16)} ${line.leg.padEnd(8)} ${line.text}`;
}
