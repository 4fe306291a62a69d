// Shared shapes of the simulated Five9 world. Every part of the simulator
// (HTTP APIs, SOAP, Supervisor, FTP/SFTP export, VoiceStream) reads calls and
// audio through these types, so all surfaces agree on the same calls.

export type CallLeg = "AGENT" | "CUSTOMER";
export type UserRole = "admin" | "supervisor" | "agent";

export interface SimCall {
  domainId: string;
  /** Five9 CALL ID: decimal string, unique within the domain. */
  callId: string;
  /** Five9 SESSION ID: 32 upper-case hex characters. */
  sessionId: string;
  campaign: string;
  skill: string | null;
  callType: "INBOUND" | "OUTBOUND";
  ani: string;
  dnis: string;
  /** Username of the agent who handled it; null for an abandoned call. */
  agentUsername: string | null;
  agentName: string | null;
  /** Start of the call as a UTC instant. */
  startedAt: Date;
  /** Whole seconds from start to hang-up. */
  durationSec: number;
  holds: number;
  transfers: number;
  disposition: string;
  abandoned: boolean;
  /** False for abandoned calls: there is nothing to record. */
  recorded: boolean;
  /** How the recording WAV is laid out. */
  recordingChannels: "mono" | "per-leg";
}

/** 8 kHz, 16-bit signed PCM is the only audio format the simulator produces. */
export const SAMPLE_RATE_HZ = 8000;

/**
 * Deterministic audio of one leg of a call: `count` samples starting at sample
 * `fromSample` (0 = call start). Same call + leg + range → same samples.
 */
export type RenderLegPcm = (call: SimCall, leg: CallLeg, fromSample: number, count: number) => Int16Array;

/** The simulator's controllable clock. */
export interface SimClock {
  /** Current simulated time, epoch milliseconds. */
  now(): number;
  /** Simulated milliseconds per real millisecond (1 = real time). */
  speed(): number;
  /** Resolves when simulated time has advanced by `simMs` (honours speed and manual steps). */
  sleep(simMs: number, signal?: AbortSignal): Promise<void>;
}

/** Live feed of calls as they start on the simulated clock. */
export interface CallFeed {
  /** Calls `listener` for each call of `domainId` when its start time is reached. Returns an unsubscribe function. */
  onCallStarted(domainId: string, listener: (call: SimCall) => void): () => void;
  /** All calls of a domain whose start lies in [from, to). */
  callsBetween(domainId: string, from: Date, to: Date): SimCall[];
}
