// What a conformance case is: data (id, title, the expectation in words) plus
// the script that plays Five9 and records checks. A case passes when every
// check it recorded passed.
import type { StreamingConfig } from "../../proto/voice-proto";
import type { ClientSettings, ConformanceClient } from "./client";
import type { Leg } from "./leg";
import type { SuiteOptions } from "./options";

export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface LegOverrides {
  config?: Partial<StreamingConfig>;
  /** Default: the trust token; null = no header. */
  metadataToken?: string | null;
  client?: ConformanceClient;
  honourReconnect?: boolean;
}

export interface CaseContext {
  options: SuiteOptions;
  /** A new leg (not yet opened) of a fresh call unless config.vcc_call_id is given. */
  leg(overrides?: LegOverrides): Leg;
  /** Another channel (own connection); closed after the case. */
  client(channelOptions?: ClientSettings["channelOptions"]): ConformanceClient;
  /** A new Five9-like numeric call id. */
  callId(): string;
  check(name: string, ok: boolean, detail?: string): boolean;
  note(text: string): void;
  /** Run after the case, pass or fail. */
  defer(fn: () => void | Promise<void>): void;
}

export interface ConformanceCase {
  id: string;
  title: string;
  /** What the receiver must do, in words (printed with --list and in the README). */
  expectation: string;
  /** A reason to skip with these options, else undefined. */
  skip?: (o: SuiteOptions) => string | undefined;
  /** Upper bound for the whole case (ms). */
  timeoutMs: (o: SuiteOptions) => number;
  run: (ctx: CaseContext) => Promise<void>;
}

export interface CaseResult {
  id: string;
  title: string;
  status: "pass" | "fail" | "skip";
  durationMs: number;
  checks: Check[];
  notes: string[];
  skipReason?: string;
}
