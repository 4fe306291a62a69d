// The simulated Five9 world: domains and their calls, on one clock, from one seed.
import { callsBetween, findCall, MAX_CALLS_PER_BATCH } from "./generator";
import { createDomain, DEFAULT_TIME_ZONE, type SimDomain, type SimUser } from "./domains";
import type { CallFeed, SimCall, SimClock, UserRole } from "./types";

export class SimWorldError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export class SimWorld implements CallFeed {
  readonly domains = new Map<string, SimDomain>();
  private listeners = new Map<string, Set<(call: SimCall) => void>>();
  private watchers = new Map<string, { cursor: number; abort: AbortController }>();

  constructor(readonly seed: number, readonly clock: SimClock) {}

  addDomain(name: string, timeZone = DEFAULT_TIME_ZONE): SimDomain {
    if ([...this.domains.values()].some((d) => d.name === name)) throw new SimWorldError(409, `A domain named "${name}" already exists`);
    const domain = createDomain(this.seed, this.domains.size + 1, name, timeZone);
    this.domains.set(domain.id, domain);
    return domain;
  }

  domain(id: string): SimDomain {
    const domain = this.domains.get(id);
    if (!domain) throw new SimWorldError(404, `No domain with id ${id}`);
    return domain;
  }

  addUser(domainId: string, user: { username: string; password: string; role: UserRole; fullName?: string }): SimUser {
    const domain = this.domain(domainId);
    if (domain.users.some((u) => u.username === user.username)) throw new SimWorldError(409, `User ${user.username} already exists`);
    const created: SimUser = { id: `${domain.id}${String(domain.users.length + 100).padStart(4, "0")}`, fullName: user.fullName ?? user.username, ...user };
    domain.users.push(created);
    return created;
  }

  /** Adds `count` calls spread over [from, to). */
  addCalls(domainId: string, count: number, from: Date, to: Date): number {
    const domain = this.domain(domainId);
    if (count > MAX_CALLS_PER_BATCH) throw new SimWorldError(400, `At most ${MAX_CALLS_PER_BATCH} calls per request`);
    if (to.getTime() <= from.getTime()) throw new SimWorldError(400, "`to` must be after `from`");
    domain.batches.push({ index: domain.batches.length, count, from: from.getTime(), to: to.getTime() });
    return count;
  }

  callsBetween(domainId: string, from: Date, to: Date): SimCall[] {
    return callsBetween(this.seed, this.domain(domainId), from.getTime(), to.getTime());
  }

  findCall(domainId: string, callId: string): SimCall | undefined {
    return findCall(this.seed, this.domain(domainId), callId);
  }

  /** Calls that have ended by simulated now (what Five9 reports and records). */
  finishedCallsBetween(domainId: string, from: Date, to: Date): SimCall[] {
    const now = this.clock.now();
    return this.callsBetween(domainId, from, to).filter((c) => c.startedAt.getTime() + c.durationSec * 1000 <= now);
  }

  onCallStarted(domainId: string, listener: (call: SimCall) => void): () => void {
    const set = this.listeners.get(domainId) ?? new Set();
    set.add(listener);
    this.listeners.set(domainId, set);
    if (!this.watchers.has(domainId)) this.watch(domainId);
    return () => {
      set.delete(listener);
      if (set.size === 0) {
        this.watchers.get(domainId)?.abort.abort();
        this.watchers.delete(domainId);
      }
    };
  }

  close(): void {
    for (const w of this.watchers.values()) w.abort.abort();
    this.watchers.clear();
  }

  /** Walks simulated time forward in small steps and announces calls as their start passes. */
  private watch(domainId: string): void {
    const state = { cursor: this.clock.now(), abort: new AbortController() };
    this.watchers.set(domainId, state);
    const tick = async () => {
      while (!state.abort.signal.aborted) {
        await this.clock.sleep(250, state.abort.signal).catch(() => {});
        if (state.abort.signal.aborted) return;
        const now = this.clock.now();
        if (now <= state.cursor) continue;
        const started = this.callsBetween(domainId, new Date(state.cursor), new Date(now));
        state.cursor = now;
        for (const call of started) for (const l of this.listeners.get(domainId) ?? []) l(call);
      }
    };
    void tick();
  }
}
