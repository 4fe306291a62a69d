// Typed client of the simulator's control API, for tests and the demo.
import type { FaultSpec } from "./http/faults";
import type { LoggedRequest } from "./http/router";
import type { SimCall, UserRole } from "./world/types";

export class SimClientError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
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
}
