// Server-side state of the authorization code flow: pending consent requests
// (what the consent page's hidden field points at) and issued codes. Both live
// here, never in the browser: the page carries only an opaque random id, so a
// tampered form cannot change the client, redirect URI, scopes or challenge.
import { createHash, randomBytes } from "node:crypto";
import type { SimClock } from "../world/types";
import { safeEqual } from "./clients";

export const CODE_LIFETIME_MS = 60_000;
/** How long the consent page stays usable (simulator clock). */
export const PENDING_LIFETIME_MS = 15 * 60_000;
/** Used codes are remembered this long so a late replay still revokes its tokens. */
const USED_CODE_MEMORY_MS = 24 * 3600_000;

export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | null;
  codeChallenge: string;
}

export interface PendingRequest extends AuthorizationRequest {
  pendingId: string;
  expiresAt: number;
  /** Wrong passwords on this page; too many end it. */
  failedSignIns: number;
}

export interface AuthorizationCode extends AuthorizationRequest {
  code: string;
  domainId: string;
  userId: string;
  expiresAt: number;
  /** Set once redeemed: the grant whose tokens a replay revokes. */
  redeemed: { grantId: string | null } | null;
}

export type Redemption =
  | { ok: true; code: AuthorizationCode }
  | { ok: false; description: string; replayedGrantId?: string };

/** RFC 7636 §4.6, S256: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge. */
export function s256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

const newId = () => randomBytes(32).toString("base64url");

export class AuthorizationCodes {
  private pending = new Map<string, PendingRequest>();
  private codes = new Map<string, AuthorizationCode>();

  constructor(private readonly clock: SimClock) {}

  createPending(request: AuthorizationRequest): PendingRequest {
    this.prune();
    const pending: PendingRequest = { ...request, pendingId: newId(), expiresAt: this.clock.now() + PENDING_LIFETIME_MS, failedSignIns: 0 };
    this.pending.set(pending.pendingId, pending);
    return pending;
  }

  findPending(pendingId: string): PendingRequest | undefined {
    const found = this.pending.get(pendingId);
    return found && found.expiresAt > this.clock.now() ? found : undefined;
  }

  /** A decision (approve or deny) ends the pending request: the page cannot be submitted twice. */
  closePending(pendingId: string): void {
    this.pending.delete(pendingId);
  }

  issue(request: AuthorizationRequest, owner: { domainId: string; userId: string }): AuthorizationCode {
    const code: AuthorizationCode = {
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      scopes: request.scopes,
      state: request.state,
      codeChallenge: request.codeChallenge,
      ...owner,
      code: newId(),
      expiresAt: this.clock.now() + CODE_LIFETIME_MS,
      redeemed: null,
    };
    this.codes.set(code.code, code);
    return code;
  }

  /**
   * Checks a code presented at the token endpoint by `clientId`. Any attempt by
   * the client it was issued to uses the code up — a failed verifier or
   * redirect check included, so a verifier cannot be guessed by retrying. A
   * second attempt after success is a replay: the caller revokes the grant.
   */
  redeem(input: { code: string; clientId: string; redirectUri: string; codeVerifier: string }): Redemption {
    const found = this.codes.get(input.code);
    // Another client's code is treated as unknown and left intact.
    if (!found || found.clientId !== input.clientId) return { ok: false, description: "Unknown authorization code" };
    if (found.redeemed) return { ok: false, description: "Authorization code was already used; tokens issued from it are revoked", replayedGrantId: found.redeemed.grantId ?? undefined };
    found.redeemed = { grantId: null };
    if (found.expiresAt <= this.clock.now()) return { ok: false, description: "Authorization code has expired" };
    if (found.redirectUri !== input.redirectUri) return { ok: false, description: "redirect_uri does not match the authorization request" };
    if (!safeEqual(s256(input.codeVerifier), found.codeChallenge)) return { ok: false, description: "code_verifier does not match the code_challenge" };
    return { ok: true, code: found };
  }

  /** Links a redeemed code to the grant it started, for replay revocation. */
  markRedeemed(code: AuthorizationCode, grantId: string): void {
    code.redeemed = { grantId };
  }

  private prune(): void {
    const now = this.clock.now();
    for (const [id, p] of this.pending) if (p.expiresAt <= now) this.pending.delete(id);
    for (const [id, c] of this.codes) if (c.expiresAt + USED_CODE_MEMORY_MS <= now) this.codes.delete(id);
  }
}
