// What an export login sees, computed on demand from the call feed: campaign
// folders, day folders, and one WAV per recorded call that ended at least the
// upload delay ago — with, when the login exports transcripts, the call's
// transcript beside it (`<same stem>.json`, the API transcript's JSON). Nothing is stored per file (a domain may hold 100k calls);
// the only state is the handful of files hit by a fault, found by sweeping the
// files that became visible since the last look.
import path from "node:path/posix";
import { hasTranscript, transcriptFor } from "../world/transcript";
import { wavByteLength, wavRange } from "../world/wav";
import type { CallFeed, SimCall, SimClock } from "../world/types";
import type { ExportAccount } from "./export-accounts";
import { dayFolderName, isIvrRecording, localDayRangeUtc, localParts, parseDayFolder, recordingDayFolder, recordingFileName, transcriptFileName } from "./file-naming";

/** Where legacy faults come from (the simulator's FaultRegistry fits). Truthy = the fault fires once. */
export type LegacyFaultKind =
  | "partial_file"
  | "reuploaded_file"
  | "empty_file"
  | "truncated_file"
  | "unreadable_file"
  | "vanishing_file"
  | "dropped_connection"
  | "stray_file"
  | "malformed_transcript";

export const LEGACY_FAULT_KINDS: readonly LegacyFaultKind[] = ["partial_file", "reuploaded_file", "empty_file", "truncated_file", "unreadable_file", "vanishing_file", "dropped_connection", "stray_file", "malformed_transcript"];

export interface LegacyFaultSource {
  take(type: LegacyFaultKind, domainId?: string): unknown;
}

export interface DomainInfo {
  timeZone: string;
}

export interface CatalogOptions {
  feed: CallFeed;
  clock: SimClock;
  faults?: LegacyFaultSource;
  /** The domain's time zone (the world's SimDomain fits); default America/Los_Angeles. */
  describeDomain?: (domainId: string) => DomainInfo | undefined;
  /** How many local days back day folders are listed. Default 400. */
  historyDays?: number;
  /** Longest call the fault sweep looks back for. Default 4 h. */
  maxCallMs?: number;
  /** Simulated ms a partial file keeps growing before it is complete. Default 2 min. */
  partialGrowMs?: number;
  /** Simulated ms after the first upload when a re-uploaded copy appears. Default 10 min. */
  reuploadAfterMs?: number;
}

export type CatalogEntry =
  | { kind: "dir"; name: string; mtime: number }
  | { kind: "file"; name: string; mtime: number; size: number; fullSize: number; call: SimCall; duplicate: boolean; fault?: ReadFault; stray?: boolean; transcript?: "valid" | "malformed" };

/** What happens when a faulted file is read (the servers apply it). */
export type ReadFault = "denied" | "vanish" | "drop";

interface FaultState {
  partialUntil?: number;
  reuploadAt?: number;
  /** Until then the file is listed with 0 bytes, then re-uploaded whole (new mtime). */
  emptyUntil?: number;
  /** Until then the upload is stuck short (stable size, header claims more), then re-uploaded whole. */
  truncatedUntil?: number;
  /** Until then reading is refused (permission denied), then the permissions are fixed. */
  deniedUntil?: number;
  /** Deleted from the server while the first download runs (set once read). */
  vanish?: boolean;
  vanished?: boolean;
  /** The first download loses the connection half way. */
  drop?: boolean;
  /** The day folder also gets a file whose name follows no variant. */
  stray?: boolean;
  /** The transcript beside the recording is JSON of another shape (times as "m:ss.mmm" strings). */
  malformedTranscript?: boolean;
}

interface AccountLedger {
  watermark: number;
  faulted: Map<string, FaultState>;
}

const DEFAULT_TIME_ZONE = "America/Los_Angeles";
const DAY_MS = 86_400_000;
const WAV_HEADER_BYTES = 44;
/** Day summaries are reused this long (real time): calls added to the world later show up after it. */
const SUMMARY_TTL_REAL_MS = 2_000;

export class ExportCatalog {
  private ledgers = new Map<string, AccountLedger>();
  private summaries = new Map<string, { expires: number; firstVisible: Map<string, number> }>();

  constructor(private readonly options: CatalogOptions) {}

  timeZone(account: ExportAccount): string {
    return account.settings.timeZone ?? this.options.describeDomain?.(account.domainId)?.timeZone ?? DEFAULT_TIME_ZONE;
  }

  /** Directory listing of a path, or undefined when it is not a directory. */
  list(account: ExportAccount, dirPath: string): CatalogEntry[] | undefined {
    const now = this.options.clock.now();
    this.sweep(account, now);
    const parts = splitPath(dirPath);
    if (parts.length === 0) return this.campaigns(account, now).map((name) => ({ kind: "dir", name, mtime: now }));
    if (parts.length === 1) {
      const days = this.days(account, parts[0]!, now);
      return days.length ? days.map((name) => ({ kind: "dir", name, mtime: now })) : undefined;
    }
    if (parts.length === 2) {
      const files = this.files(account, parts[0]!, parts[1]!, now);
      // A day folder whose only file was deleted (vanishing_file) still exists, empty, as on a real server.
      return files.length || this.days(account, parts[0]!, now).includes(parts[1]!) ? files : undefined;
    }
    return undefined;
  }

  /** The entry at a path (file or directory), or undefined. */
  stat(account: ExportAccount, filePath: string): CatalogEntry | undefined {
    const parts = splitPath(filePath);
    if (parts.length === 0) return { kind: "dir", name: "/", mtime: this.options.clock.now() };
    const parent = this.list(account, "/" + parts.slice(0, -1).join("/"));
    return parent?.find((e) => e.name === parts[parts.length - 1]);
  }

  /** The bytes [start, end) of a file as it was listed (a partial file stops at its listed size). */
  read(entry: Extract<CatalogEntry, { kind: "file" }>, start = 0, end = entry.size): Generator<Buffer> {
    if (entry.stray) return (function* () { yield Buffer.from("not a recording\n").subarray(start, end); })();
    if (entry.transcript) { const bytes = transcriptBytes(entry.call, entry.transcript); return (function* () { yield bytes.subarray(start, Math.min(end, entry.size)); })(); }
    if (Math.min(end, entry.size) <= start) return (function* () {})();
    return wavRange(entry.call, start, Math.min(end, entry.size) - 1);
  }

  /**
   * Called by the servers when a download of `entry` starts: answers the read
   * fault to apply now, and consumes one-shot faults (a vanishing file is gone
   * from every later listing; a dropped connection drops once).
   */
  startRead(account: ExportAccount, entry: Extract<CatalogEntry, { kind: "file" }>): ReadFault | undefined {
    const state = this.ledger(account).faulted.get(entry.call.callId);
    if (!state || entry.duplicate || entry.stray || entry.transcript) return undefined;
    if (state.deniedUntil !== undefined && this.options.clock.now() < state.deniedUntil) return "denied";
    if (state.vanish && !state.vanished) {
      state.vanished = true;
      return "vanish";
    }
    if (state.drop) {
      state.drop = false;
      return "drop";
    }
    return undefined;
  }

  private exported(account: ExportAccount, call: SimCall): boolean {
    const campaigns = account.settings.campaigns;
    return call.recorded && !call.abandoned && call.agentUsername !== null && (!campaigns || campaigns.includes(call.campaign));
  }

  private visibleAt(account: ExportAccount, call: SimCall): number {
    return call.startedAt.getTime() + call.durationSec * 1000 + account.settings.uploadDelayMinutes * 60_000;
  }

  private ledger(account: ExportAccount): AccountLedger {
    let ledger = this.ledgers.get(account.username);
    if (!ledger) {
      ledger = { watermark: account.createdAt, faulted: new Map() };
      this.ledgers.set(account.username, ledger);
    }
    return ledger;
  }

  /**
   * Decides faults for files that became visible since the last sweep: each
   * such file asks the fault source once, so a fault injected now hits the
   * next file(s) to land, as an upload glitch would.
   */
  private sweep(account: ExportAccount, now: number): void {
    const faults = this.options.faults;
    const ledger = this.ledger(account);
    const from = Math.max(ledger.watermark, now - DAY_MS);
    if (!faults || now <= from) {
      ledger.watermark = Math.max(ledger.watermark, now);
      return;
    }
    const delay = account.settings.uploadDelayMinutes * 60_000;
    const maxCall = this.options.maxCallMs ?? 4 * 3_600_000;
    for (const call of this.options.feed.callsBetween(account.domainId, new Date(from - delay - maxCall), new Date(now - delay + 1))) {
      if (!this.exported(account, call)) continue;
      const visible = this.visibleAt(account, call);
      if (visible <= from || visible > now) continue;
      const state: FaultState = {};
      if (faults.take("partial_file", account.domainId)) state.partialUntil = visible + (this.options.partialGrowMs ?? 120_000);
      const later = visible + (this.options.reuploadAfterMs ?? 600_000);
      if (faults.take("reuploaded_file", account.domainId)) state.reuploadAt = later;
      if (faults.take("empty_file", account.domainId)) state.emptyUntil = later;
      if (faults.take("truncated_file", account.domainId)) state.truncatedUntil = later;
      if (faults.take("unreadable_file", account.domainId)) state.deniedUntil = later;
      if (faults.take("vanishing_file", account.domainId)) state.vanish = true;
      if (faults.take("dropped_connection", account.domainId)) state.drop = true;
      if (faults.take("stray_file", account.domainId)) state.stray = true;
      if (faults.take("malformed_transcript", account.domainId)) state.malformedTranscript = true;
      if (Object.keys(state).length > 0) ledger.faulted.set(call.callId, state);
    }
    ledger.watermark = now;
  }

  /** Campaign folders: every campaign with at least one file in the history window. */
  private campaigns(account: ExportAccount, now: number): string[] {
    const all = new Set<string>();
    for (const day of this.dayKeys(account, now)) for (const c of this.summary(account, day, now)) all.add(c);
    return [...all].sort();
  }

  private days(account: ExportAccount, campaign: string, now: number): string[] {
    return this.dayKeys(account, now)
      .filter((day) => this.summary(account, day, now).has(campaign))
      .map(dayFolderName);
  }

  /** Local calendar days from today back through the history window. */
  private dayKeys(account: ExportAccount, now: number): { year: number; month: number; day: number }[] {
    const today = localParts(now, this.timeZone(account));
    const out = [];
    for (let i = 0; i < (this.options.historyDays ?? 400); i++) {
      const d = new Date(Date.UTC(today.year, today.month - 1, today.day - i));
      out.push({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
    }
    return out;
  }

  /**
   * Per campaign, when the day's first file of it lands. This does not depend
   * on the current time, so a client walking the tree reuses it briefly
   * instead of regenerating every day per request.
   */
  private summary(account: ExportAccount, day: { year: number; month: number; day: number }, now: number): Set<string> {
    const key = `${account.username}|${day.year}-${day.month}-${day.day}`;
    let cached = this.summaries.get(key);
    if (!cached || cached.expires <= Date.now()) {
      const { from, to } = localDayRangeUtc(day.year, day.month, day.day, this.timeZone(account));
      const firstVisible = new Map<string, number>();
      for (const call of this.options.feed.callsBetween(account.domainId, new Date(from), new Date(to))) {
        if (!this.exported(account, call)) continue;
        const visible = this.visibleAt(account, call);
        firstVisible.set(call.campaign, Math.min(visible, firstVisible.get(call.campaign) ?? Infinity));
      }
      if (this.summaries.size > 5_000) this.summaries.clear();
      cached = { expires: Date.now() + SUMMARY_TTL_REAL_MS, firstVisible };
      this.summaries.set(key, cached);
    }
    return new Set([...cached.firstVisible].filter(([, visible]) => visible <= now).map(([campaign]) => campaign));
  }

  private visibleCalls(account: ExportAccount, day: { year: number; month: number; day: number }, now: number): SimCall[] {
    const { from, to } = localDayRangeUtc(day.year, day.month, day.day, this.timeZone(account));
    const latestStart = now - account.settings.uploadDelayMinutes * 60_000;
    if (latestStart < from) return [];
    return this.options.feed
      .callsBetween(account.domainId, new Date(from), new Date(Math.min(to, latestStart + 1)))
      .filter((call) => this.exported(account, call) && this.visibleAt(account, call) <= now);
  }

  private files(account: ExportAccount, campaign: string, folder: string, now: number): CatalogEntry[] {
    const day = parseDayFolder(folder);
    if (!day) return [];
    const timeZone = this.timeZone(account);
    const faulted = this.ledger(account).faulted;
    const entries: CatalogEntry[] = [];
    for (const call of this.visibleCalls(account, day, now)) {
      if (call.campaign !== campaign || recordingDayFolder(call, timeZone) !== folder) continue;
      const naming = { timeZone, sessionIdNaming: account.settings.sessionIdNaming, ivr: isIvrRecording(call, account.settings.ivrShare) };
      const visible = this.visibleAt(account, call);
      const fault = faulted.get(call.callId);
      const fullSize = wavByteLength(call);
      let size = fullSize;
      let mtime = fault?.partialUntil ?? visible;
      if (fault?.partialUntil !== undefined && now < fault.partialUntil) {
        // Still uploading: the listed size grows from a quarter to the whole file.
        const progress = (now - visible) / (fault.partialUntil - visible);
        size = WAV_HEADER_BYTES + Math.floor((fullSize - WAV_HEADER_BYTES) * (0.25 + 0.75 * progress));
        mtime = now;
      }
      // The transcript lands with the recording's first upload, is whole from the start (a few KB)
      // and takes none of the recording's faults (a vanishing recording leaves it behind).
      const transcript = account.settings.transcripts && hasTranscript(call) ? (fault?.malformedTranscript ? "malformed" : "valid") : undefined;
      const transcriptSize = transcript ? transcriptBytes(call, transcript).length : 0;
      if (transcript) entries.push({ kind: "file", name: transcriptFileName(call, naming), mtime: visible, size: transcriptSize, fullSize: transcriptSize, call, duplicate: false, transcript });
      if (fault?.vanished) continue;
      if (fault?.emptyUntil !== undefined) {
        // A zero-byte upload, replaced by the whole file later (same name, new mtime).
        if (now < fault.emptyUntil) size = 0;
        mtime = now < fault.emptyUntil ? visible : fault.emptyUntil;
      }
      if (fault?.truncatedUntil !== undefined) {
        // An upload that died half way: the size stays short and still, the header claims the whole file.
        if (now < fault.truncatedUntil) size = WAV_HEADER_BYTES + Math.floor((fullSize - WAV_HEADER_BYTES) / 2);
        mtime = now < fault.truncatedUntil ? visible : fault.truncatedUntil;
      }
      entries.push({ kind: "file", name: recordingFileName(call, naming), mtime, size, fullSize, call, duplicate: false });
      if (fault?.stray) entries.push({ kind: "file", name: `notes for ${call.callId}.txt`, mtime: visible, size: 16, fullSize: 16, call, duplicate: false, stray: true });
      if (fault?.reuploadAt !== undefined && fault.reuploadAt <= now) {
        // A re-upload names the file from a slightly later recording start: same bytes, second name, later mtime.
        const name = recordingFileName(call, { ...naming, at: call.startedAt.getTime() + 1000 });
        entries.push({ kind: "file", name, mtime: fault.reuploadAt, size: fullSize, fullSize, call, duplicate: true });
        if (transcript) entries.push({ kind: "file", name: transcriptFileName(call, { ...naming, at: call.startedAt.getTime() + 1000 }), mtime: fault.reuploadAt, size: transcriptSize, fullSize: transcriptSize, call, duplicate: true, transcript });
      }
    }
    return entries;
  }
}

/**
 * The transcript file beside a recording: the API transcript's JSON
 * (sim/world/transcript.ts), or — for `malformed_transcript` — the same
 * utterances with times written as "m:ss.mmm" strings, a shape the connector must refuse.
 */
export function transcriptBytes(call: SimCall, variant: "valid" | "malformed" = "valid"): Buffer {
  const transcript = transcriptFor(call);
  if (variant === "valid") return Buffer.from(JSON.stringify(transcript));
  const clock = (ms: number) => `${Math.floor(ms / 60_000)}:${String(Math.floor((ms % 60_000) / 1000)).padStart(2, "0")}.${String(ms % 1000).padStart(3, "0")}`;
  return Buffer.from(JSON.stringify({ ...transcript, utterances: transcript.utterances.map((u) => ({ ...u, startMs: clock(u.startMs), endMs: clock(u.endMs) })) }));
}

/** Path segments of an absolute or relative export path; `..` never climbs above the root. */
export function splitPath(p: string): string[] {
  return path.normalize("/" + p).split("/").filter((s) => s.length > 0 && s !== ".");
}
