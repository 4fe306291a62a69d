// API clients and access tokens of the simulated Five9 OAuth server. Token
// lifetimes run on the simulator clock, so expiry can be tested by stepping it.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { SimClock } from "../world/types";

export const KNOWN_SCOPES = ["domains:read", "campaigns:read", "users:read", "calllog:read", "recordings:read", "transcripts:read", "voicestream:manage"] as const;

export interface ApiClient {
  clientId: string;
  clientSecret: string;
  domainId: string;
  scopes: string[];
  redirectUris: string[];
}

export interface AccessToken {
  token: string;
  clientId: string;
  domainId: string;
  scopes: string[];
  expiresAt: number;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class OAuthStore {
  readonly clients = new Map<string, ApiClient>();
  private tokens = new Map<string, AccessToken>();

  constructor(private readonly clock: SimClock, public tokenLifetimeSeconds = 3600) {}

  createClient(domainId: string, scopes: string[], redirectUris: string[] = []): ApiClient {
    const client: ApiClient = {
      clientId: `f9c_${randomBytes(8).toString("hex")}`,
      clientSecret: randomBytes(24).toString("base64url"),
      domainId,
      scopes,
      redirectUris,
    };
    this.clients.set(client.clientId, client);
    return client;
  }

  authenticate(clientId: string, clientSecret: string): ApiClient | undefined {
    const client = this.clients.get(clientId);
    return client && safeEqual(client.clientSecret, clientSecret) ? client : undefined;
  }

  issue(client: ApiClient, scopes: string[]): AccessToken {
    const token: AccessToken = {
      token: randomBytes(24).toString("base64url"),
      clientId: client.clientId,
      domainId: client.domainId,
      scopes,
      expiresAt: this.clock.now() + this.tokenLifetimeSeconds * 1000,
    };
    this.tokens.set(token.token, token);
    return token;
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

  revoke(token: string, clientId: string): void {
    const found = this.tokens.get(token);
    if (found && found.clientId === clientId) this.tokens.delete(token);
  }

  revokeAllForDomain(domainId: string): void {
    for (const [key, t] of this.tokens) if (t.domainId === domainId) this.tokens.delete(key);
  }
}
