// Typed client of the simulator's control API, for tests and the demo.
import { z } from "zod";
import type { FaultSpec } from "./http/faults";
import type { LoggedRequest } from "./http/router";
import type { SimCall, UserRole } from "./world/types";

export class SimClientError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const partnerAppSchema = z.object({
  clientId: z.string(),
  clientSecret: z.string(),
  name: z.string(),
  redirectUris: z.array(z.string()),
  scopes: z.array(z.string()),
  createdAt: z.string(),
});
export type SimPartnerApp = z.infer<typeof partnerAppSchema>;

const grantSchema = z.object({
  grantId: z.string(),
  clientId: z.string(),
  domainId: z.string(),
  userId: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  revoked: z.boolean(),
});
export type SimGrant = z.infer<typeof grantSchema>;

/** Which grants a lever acts on: one domain's, one client's, both, or all. */
export interface SimGrantFilter {
  domainId?: string;
  clientId?: string;
}

export class SimClient {
  constructor(readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new SimClientError(res.status, json.error ?? `HTTP ${res.status}`);
    return json;
  }

  /** Checks an answer's shape, so a changed route fails here rather than deep in a test. */
  private async parsed<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown): Promise<z.infer<S>> {
    const json = await this.call<unknown>(method, path, body);
    const result = schema.safeParse(json);
    if (!result.success) throw new SimClientError(200, `${method} ${path}: unexpected answer (${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`);
    return result.data;
  }

  createDomain(input: { name: string; timeZone?: string }) {
    return this.call<{ domainId: string; name: string; timeZone: string; users: { userId: string; username: string; password: string; role: UserRole }[] }>("POST", "/_sim/domains", input);
  }
  createApiClient(domainId: string, input: { scopes: string[]; redirectUris?: string[] }) {
    return this.call<{ clientId: string; clientSecret: string; scopes: string[] }>("POST", `/_sim/domains/${domainId}/api-clients`, input);
  }
  createUser(domainId: string, input: { username: string; password: string; role: UserRole; fullName?: string }) {
    return this.call<{ userId: string }>("POST", `/_sim/domains/${domainId}/users`, input);
  }
  createCalls(domainId: string, input: { count: number; from: Date | string; to: Date | string }) {
    return this.call<{ created: number }>("POST", `/_sim/domains/${domainId}/calls`, { count: input.count, from: new Date(input.from).toISOString(), to: new Date(input.to).toISOString() });
  }
  async calls(domainId: string, from: Date, to: Date): Promise<SimCall[]> {
    const { calls } = await this.call<{ calls: (Omit<SimCall, "startedAt"> & { startedAt: string })[] }>("GET", `/_sim/domains/${domainId}/calls?from=${from.toISOString()}&to=${to.toISOString()}`);
    return calls.map((c) => ({ ...c, startedAt: new Date(c.startedAt) }));
  }
  markMigrated(domainId: string) {
    return this.call<{ migrated: boolean }>("POST", `/_sim/domains/${domainId}/migrated`, {});
  }
  addFault(fault: FaultSpec) {
    return this.call<{ faultId: number }>("POST", "/_sim/faults", fault);
  }
  clearFaults() {
    return this.call<{ cleared: boolean }>("DELETE", "/_sim/faults");
  }
  clock(input: { speed?: number; advanceMs?: number; set?: Date | string } = {}) {
    return this.call<{ now: string; speed: number }>("POST", "/_sim/clock", { ...input, set: input.set ? new Date(input.set).toISOString() : undefined });
  }
  async requests(filter: { path?: string; method?: string } = {}): Promise<LoggedRequest[]> {
    const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
    return (await this.call<{ requests: LoggedRequest[] }>("GET", `/_sim/requests?${q}`)).requests;
  }

  /** A partner (marketplace) app: one client any domain's admin may authorize; the secret is shown once. */
  createOAuthApp(input: { name: string; redirectUris: string[]; scopes: string[] }): Promise<SimPartnerApp> {
    return this.parsed(partnerAppSchema, "POST", "/_sim/oauth-apps", input);
  }
  /** Consents given (one per redeemed authorization code), optionally for one domain. */
  async oauthGrants(filter: { domainId?: string } = {}): Promise<SimGrant[]> {
    const q = filter.domainId ? `?${new URLSearchParams({ domainId: filter.domainId })}` : "";
    return (await this.parsed(z.object({ grants: z.array(grantSchema) }), "GET", `/_sim/oauth/grants${q}`)).grants;
  }
  /** Makes live refresh tokens expired: the next refresh gets invalid_grant; access tokens live on. */
  async expireRefreshTokens(filter: SimGrantFilter = {}): Promise<number> {
    return (await this.parsed(z.object({ expired: z.number().int() }), "POST", "/_sim/oauth/expire-refresh-tokens", filter)).expired;
  }
  /** An admin removing the app: every token of the matching grants stops working now. */
  async revokeGrants(filter: SimGrantFilter = {}): Promise<number> {
    return (await this.parsed(z.object({ revoked: z.number().int() }), "POST", "/_sim/oauth/revoke-grants", filter)).revoked;
  }
}
