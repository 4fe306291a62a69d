// Small stand-ins for the world's call feed and fault registry, so the
// simulator tests (VoiceStream, legacy export, call-log CSV) choose exactly which calls exist and
// when they start, instead of depending on the seeded generator.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { CallFeed, RenderLegPcm, SimCall } from "../world/types";

let nextCallId = 300_000_900_000;

export function makeCall(overrides: Partial<SimCall> = {}): SimCall {
  const callId = overrides.callId ?? String(nextCallId++);
  return {
    domainId: "1001",
    callId,
    sessionId: (BigInt(callId) * 7919n).toString(16).toUpperCase().padStart(32, "A").slice(-32),
    campaign: "Inbound Sales",
    skill: "Sales",
    callType: "INBOUND",
    ani: "4155550101",
    dnis: "8005550199",
    agentUsername: "ava.nguyen10@acme.sim",
    agentName: "Ava Nguyen",
    startedAt: new Date("2026-03-10T17:05:03Z"),
    durationSec: 60,
    holds: 0,
    transfers: 0,
    disposition: "Resolved",
    abandoned: false,
    recorded: true,
    recordingChannels: "mono",
    ...overrides,
  };
}

export class FakeFeed implements CallFeed {
  private listeners = new Map<string, Set<(call: SimCall) => void>>();

  constructor(public calls: SimCall[] = []) {}

  onCallStarted(domainId: string, listener: (call: SimCall) => void): () => void {
    const set = this.listeners.get(domainId) ?? new Set();
    set.add(listener);
    this.listeners.set(domainId, set);
    return () => set.delete(listener);
  }

  callsBetween(domainId: string, from: Date, to: Date): SimCall[] {
    return this.calls
      .filter((c) => c.domainId === domainId && c.startedAt >= from && c.startedAt < to)
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  }

  /** Announces a call as started (what the world does when the clock reaches its start). */
  start(call: SimCall): void {
    if (!this.calls.includes(call)) this.calls.push(call);
    for (const l of this.listeners.get(call.domainId) ?? []) l(call);
  }

  listenerCount(domainId: string): number {
    return this.listeners.get(domainId)?.size ?? 0;
  }
}

type FaultKind = import("../legacy/export-catalog").LegacyFaultKind | "stream_cut";

/** Faults that fire a set number of times, like the registry's `count`. */
export class FakeFaults {
  private remaining = new Map<FaultKind, number>();

  add(kind: FaultKind, count = 1): void {
    this.remaining.set(kind, (this.remaining.get(kind) ?? 0) + count);
  }

  take(kind: FaultKind, _domainId?: string): boolean {
    const n = this.remaining.get(kind) ?? 0;
    if (n <= 0) return false;
    this.remaining.set(kind, n - 1);
    return true;
  }
}

/** A ramp per leg: sample n of the AGENT leg is n mod 30000, of the CUSTOMER leg its negative — easy to check in order. */
export const rampPcm: RenderLegPcm = (_call, leg, fromSample, count) => {
  const out = new Int16Array(count);
  for (let i = 0; i < count; i++) out[i] = ((fromSample + i) % 30000) * (leg === "AGENT" ? 1 : -1);
  return out;
};

type RouteHandler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => Promise<void>;

/** Serves `(req, res, params)` handlers on 127.0.0.1 the way a router with `:name` params would. */
export async function serveRoutes(routes: { method: string; path: string; handler: RouteHandler }[]): Promise<{ base: string; close(): Promise<void> }> {
  const compiled = routes.map((r) => {
    const keys: string[] = [];
    const pattern = new RegExp(`^${r.path.replace(/:(\w+)/g, (_, k: string) => (keys.push(k), "([^/]+)"))}$`);
    return { ...r, keys, pattern };
  });
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://sim").pathname;
    for (const r of compiled) {
      const m = r.pattern.exec(path);
      if (m && r.method === req.method) return void r.handler(req, res, Object.fromEntries(r.keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)])));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
