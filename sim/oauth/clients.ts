// API clients, partner apps, grants, access and refresh tokens of the simulated
// Five9 OAuth server. Lifetimes run on the simulator clock, so expiry can be
// tested by stepping it.
//
// A *grant* is one admin's consent to one client (one authorization code
// redeemed). Every access and refresh token issued from it, through any number
// of refresh rotations, belongs to that grant's family: revoking the grant
// revokes them all (code replay, refresh-token reuse, RFC 7009 revocation).
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { SimClock } from "../world/types";

export const KNOWN_SCOPES = ["domains:read", "campaigns:read", "users:read", "calllog:read", "recordings:read", "transcripts:read", "voicestream:manage"] as const;

export const DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS = 30 * 24 * 3600;

export interface ApiClient {
  clientId: string;
  clientSecret: string;
  /** Domain-bound API client (Admin Console → API Access Control): its domain. Partner app: null. */
  domainId: string | null;
  /** Partner apps have a name shown on the consent page. */
  name: string | null;
  scopes: string[];
  /** Exact redirect URIs for the authorization code flow (none: client credentials only). */
  redirectUris: string[];
  createdAt: number;
}

export interface AccessToken {
  token: string;
  clientId: string;
  domainId: string;
  scopes: string[];
  expiresAt: number;
  /** The grant (authorization) this token descends from; absent for client credentials. */
  grantId?: string;
}

export interface Grant {
  grantId: string;
  clientId: string;
  domainId: string;
  /** The admin who approved. */
  userId: string;
  /** What the admin consented to; a refresh may narrow but never widen it. */
  scopes: string[];
  createdAt: number;
  revoked: boolean;
}

export interface RefreshToken {
  token: string;
  grantId: string;
  clientId: string;
  expiresAt: number;
  /** active: usable once; rotated: already exchanged (a second use is reuse); revoked: family revoked or expired by hand. */
  state: "active" | "rotated" | "revoked";
}

export interface IssuedTokens {
  access: AccessToken;
  refresh: RefreshToken;
  grant: Grant;
}

export type RefreshOutcome =
  | { ok: true; tokens: IssuedTokens }
  | { ok: false; error: "invalid_grant" | "invalid_scope"; description: string };

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const newToken = () => randomBytes(32).toString("base64url");

export class OAuthStore {
  readonly clients = new Map<string, ApiClient>();
  readonly grants = new Map<string, Grant>();
  private tokens = new Map<string, AccessToken>();
  private refreshTokens = new Map<string, RefreshToken>();

  constructor(
    private readonly clock: SimClock,
    public tokenLifetimeSeconds = 3600,
    public refreshTokenLifetimeSeconds = DEFAULT_REFRESH_TOKEN_LIFETIME_SECONDS,
  ) {}

  createClient(domainId: string, scopes: string[], redirectUris: string[] = []): ApiClient {
    return this.register({ domainId, name: null, scopes, redirectUris });
  }

  /** A marketplace app: one client for every domain; each domain's admin authorizes it on the consent page. */
  createPartnerApp(name: string, scopes: string[], redirectUris: string[]): ApiClient {
    return this.register({ domainId: null, name, scopes, redirectUris });
  }

  private register(input: Pick<ApiClient, "domainId" | "name" | "scopes" | "redirectUris">): ApiClient {
    const client: ApiClient = {
      clientId: `f9c_${randomBytes(8).toString("hex")}`,
      clientSecret: randomBytes(24).toString("base64url"),
      ...input,
      createdAt: this.clock.now(),
    };
    this.clients.set(client.clientId, client);
    return client;
  }

  authenticate(clientId: string, clientSecret: string): ApiClient | undefined {
    const client = this.clients.get(clientId);
    return client && safeEqual(client.clientSecret, clientSecret) ? client : undefined;
  }

  /** Client credentials: a token for the client's own domain (partner apps have none, so they cannot). */
  issue(client: ApiClient, scopes: string[]): AccessToken {
    if (client.domainId === null) throw new Error(`Client ${client.clientId} is a partner app and has no domain of its own`);
    return this.issueAccess(client.clientId, client.domainId, scopes);
  }

  private issueAccess(clientId: string, domainId: string, scopes: string[], grantId?: string): AccessToken {
    const token: AccessToken = { token: newToken(), clientId, domainId, scopes, expiresAt: this.clock.now() + this.tokenLifetimeSeconds * 1000, grantId };
    this.tokens.set(token.token, token);
    return token;
  }

  private issueRefresh(grant: Grant): RefreshToken {
    const refresh: RefreshToken = { token: newToken(), grantId: grant.grantId, clientId: grant.clientId, expiresAt: this.clock.now() + this.refreshTokenLifetimeSeconds * 1000, state: "active" };
    this.refreshTokens.set(refresh.token, refresh);
    return refresh;
  }

  /** Records an admin's consent and issues its first access + refresh token pair. */
  startGrant(input: { clientId: string; domainId: string; userId: string; scopes: string[] }): IssuedTokens {
    const grant: Grant = { grantId: `g_${randomBytes(12).toString("hex")}`, ...input, createdAt: this.clock.now(), revoked: false };
    this.grants.set(grant.grantId, grant);
    return { grant, access: this.issueAccess(grant.clientId, grant.domainId, grant.scopes, grant.grantId), refresh: this.issueRefresh(grant) };
  }

  /**
   * Refresh with rotation: the presented token becomes `rotated` and a new one
   * is returned. Presenting a rotated token again is reuse (a leaked copy, or
   * two workers refreshing at once): the whole family is revoked. No grace period.
   */
  refresh(token: string, clientId: string, requestedScopes?: string[]): RefreshOutcome {
    const found = this.refreshTokens.get(token);
    const grant = found && this.grants.get(found.grantId);
    // A token of another client is treated as unknown: its owner's family is left alone.
    if (!found || !grant || found.clientId !== clientId) return { ok: false, error: "invalid_grant", description: "Unknown refresh token" };
    if (found.state === "rotated") {
      this.revokeGrant(grant.grantId);
      return { ok: false, error: "invalid_grant", description: "Refresh token was already used; the authorization has been revoked" };
    }
    if (found.state === "revoked" || grant.revoked) return { ok: false, error: "invalid_grant", description: "Refresh token has been revoked" };
    if (found.expiresAt <= this.clock.now()) return { ok: false, error: "invalid_grant", description: "Refresh token has expired" };
    const scopes = requestedScopes ?? grant.scopes;
    const extra = scopes.filter((s) => !grant.scopes.includes(s));
    if (extra.length > 0) return { ok: false, error: "invalid_scope", description: `Scope not granted by the administrator: ${extra.join(" ")}` };
    found.state = "rotated";
    return { ok: true, tokens: { grant, access: this.issueAccess(grant.clientId, grant.domainId, scopes, grant.grantId), refresh: this.issueRefresh(grant) } };
  }

  /** Revokes a grant and every access and refresh token of its family. */
  revokeGrant(grantId: string): void {
    const grant = this.grants.get(grantId);
    if (grant) grant.revoked = true;
    for (const [key, t] of this.tokens) if (t.grantId === grantId) this.tokens.delete(key);
    for (const r of this.refreshTokens.values()) if (r.grantId === grantId) r.state = "revoked";
  }

  /** The live token, or undefined when unknown, revoked or expired. */
  verify(token: string): AccessToken | undefined {
    const found = this.tokens.get(token);
    if (!found) return undefined;
    if (found.expiresAt <= this.clock.now()) {
      this.tokens.delete(token);
      return undefined;
    }
    return found;
  }

  /**
   * RFC 7009: an access token is revoked alone; a refresh token revokes its
   * whole family (§2.1). Tokens of other clients are left alone.
   */
  revoke(token: string, clientId: string, hint?: string): void {
    const access = this.tokens.get(token);
    const refresh = this.refreshTokens.get(token);
    // The hint only orders the lookup (§2.1); both kinds are tried either way.
    for (const kind of hint === "refresh_token" ? ["refresh", "access"] : ["access", "refresh"]) {
      if (kind === "access" && access?.clientId === clientId) return void this.tokens.delete(token);
      if (kind === "refresh" && refresh?.clientId === clientId) return this.revokeGrant(refresh.grantId);
    }
  }

  /** Control API: makes active refresh tokens (of one domain, or all) expired, so the next refresh fails with invalid_grant. */
  expireRefreshTokens(filter: { domainId?: string; clientId?: string } = {}): number {
    let count = 0;
    for (const r of this.refreshTokens.values()) {
      const grant = this.grants.get(r.grantId);
      if (r.state !== "active" || !grant || (filter.domainId && grant.domainId !== filter.domainId) || (filter.clientId && r.clientId !== filter.clientId)) continue;
      r.expiresAt = Math.min(r.expiresAt, this.clock.now());
      count++;
    }
    return count;
  }

  /** Control API: revokes grants (an admin removing the app in Admin Console). */
  revokeGrants(filter: { domainId?: string; clientId?: string } = {}): number {
    let count = 0;
    for (const grant of this.grants.values()) {
      if (grant.revoked || (filter.domainId && grant.domainId !== filter.domainId) || (filter.clientId && grant.clientId !== filter.clientId)) continue;
      this.revokeGrant(grant.grantId);
      count++;
    }
    return count;
  }

  revokeAllForDomain(domainId: string): void {
    for (const [key, t] of this.tokens) if (t.domainId === domainId) this.tokens.delete(key);
    this.revokeGrants({ domainId });
  }
}
