// Supervisor sessions: one live session per user, found by its tokenId.
// `ForceIn` ends the user's live session (its token then answers "taken over"),
// `AttachExisting` hands back the live session's token. Sessions end after a
// stretch of simulated idle time, or on logout. Ended tokens are remembered
// (bounded) so that a late caller learns *why* its token stopped working.
import { randomUUID } from "node:crypto";
import type { SimClock } from "../world/types";

export type LoginPolicy = "AttachExisting" | "ForceIn";
export type EndReason = "taken_over" | "logged_out" | "expired";

export interface SupervisorSession {
  tokenId: string;
  sessionId: string;
  domainId: string;
  userId: string;
  farmId: string;
  createdAt: number;
  lastSeenAt: number;
  /** False until `PUT …/session_start`: login state SELECT_STATION, then WORKING. */
  started: boolean;
}

export type SessionLookup = { session: SupervisorSession } | { ended: EndReason } | undefined;

const MAX_ENDED_TOKENS = 10_000;

export class SupervisorSessionStore {
  private byToken = new Map<string, SupervisorSession>();
  private byUser = new Map<string, SupervisorSession>();
  private ended = new Map<string, EndReason>();

  constructor(private readonly clock: SimClock, private readonly idleMs: number, private readonly farmId: string) {}

  login(domainId: string, userId: string, policy: LoginPolicy): SupervisorSession {
    const current = this.live(this.byUser.get(userId));
    if (current && policy === "AttachExisting") {
      current.lastSeenAt = this.clock.now();
      return current;
    }
    if (current) this.end(current, "taken_over");
    const now = this.clock.now();
    const session: SupervisorSession = {
      tokenId: randomUUID(),
      sessionId: randomUUID().replace(/-/g, "").toUpperCase(),
      domainId,
      userId,
      farmId: this.farmId,
      createdAt: now,
      lastSeenAt: now,
      started: false,
    };
    this.byToken.set(session.tokenId, session);
    this.byUser.set(userId, session);
    return session;
  }

  /** The live session of a token (and marks it used), or why it ended, or undefined when never issued. */
  lookup(tokenId: string): SessionLookup {
    const session = this.byToken.get(tokenId);
    if (session) {
      if (!this.live(session)) return { ended: "expired" };
      session.lastSeenAt = this.clock.now();
      return { session };
    }
    const reason = this.ended.get(tokenId);
    return reason ? { ended: reason } : undefined;
  }

  logout(session: SupervisorSession): void {
    this.end(session, "logged_out");
  }

  /** The session if still within its idle time; an idle one is ended as expired. */
  private live(session: SupervisorSession | undefined): SupervisorSession | undefined {
    if (!session) return undefined;
    if (this.clock.now() - session.lastSeenAt > this.idleMs) {
      this.end(session, "expired");
      return undefined;
    }
    return session;
  }

  private end(session: SupervisorSession, reason: EndReason): void {
    this.byToken.delete(session.tokenId);
    if (this.byUser.get(session.userId) === session) this.byUser.delete(session.userId);
    this.ended.set(session.tokenId, reason);
    if (this.ended.size > MAX_ENDED_TOKENS) this.ended.delete(this.ended.keys().next().value!);
  }
}
