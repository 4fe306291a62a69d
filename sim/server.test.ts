import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SimClient, SimClientError } from "./client";
import { startSimulator, type RunningSimulator } from "./server";

let sim: RunningSimulator;
let client: SimClient;
let domainId: string;

beforeAll(async () => {
  sim = await startSimulator({ seed: 3, clock: { start: Date.parse("2026-11-20T12:00:00Z"), speed: 0 }, restLimits: { perMinute: 20 } });
  client = new SimClient(sim.baseUrl);
  domainId = (await client.createDomain({ name: "Acme" })).domainId;
});
afterAll(() => sim.close());
beforeEach(async () => {
  await client.clearFaults();
  // A full minute on the clock refills the REST rate-limit bucket between tests.
  await client.clock({ advanceMs: 60_000 });
});

function authServer(): oauth.AuthorizationServer {
  return { issuer: sim.baseUrl, token_endpoint: `${sim.baseUrl}/oauth2/v1/token`, revocation_endpoint: `${sim.baseUrl}/oauth2/v1/revoke` };
}

async function token(scopes: string[], grant = scopes): Promise<{ access: string; clientId: string; secret: string }> {
  const api = await client.createApiClient(domainId, { scopes: grant });
  const as = authServer();
  const response = await oauth.clientCredentialsGrantRequest(as, { client_id: api.clientId }, oauth.ClientSecretBasic(api.clientSecret), new URLSearchParams({ scope: scopes.join(" ") }), { [oauth.allowInsecureRequests]: true });
  const result = await oauth.processClientCredentialsResponse(as, { client_id: api.clientId }, response);
  return { access: result.access_token, clientId: api.clientId, secret: api.clientSecret };
}

const get = (path: string, access?: string) => fetch(`${sim.baseUrl}${path}`, { headers: access ? { authorization: `Bearer ${access}` } : {} });

describe("control API", () => {
  it("creates domains with staff, users, calls, and lists the ground truth", async () => {
    const created = await client.createDomain({ name: "Globex", timeZone: "Europe/London" });
    expect(created.users.map((u) => u.role)).toEqual(expect.arrayContaining(["admin", "supervisor", "agent"]));
    await client.createUser(created.domainId, { username: "extra@globex.sim", password: "pw", role: "supervisor" });
    expect((await client.createCalls(created.domainId, { count: 40, from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" })).created).toBe(40);
    const calls = await client.calls(created.domainId, new Date("2026-11-01T00:00:00Z"), new Date("2026-11-02T00:00:00Z"));
    expect(calls).toHaveLength(40);
  });

  it("rejects malformed input with 400 and a message naming the field", async () => {
    await expect(client.createDomain({ name: "X", timeZone: "Mars/Olympus" })).rejects.toThrow(/timeZone: must be an IANA time zone/);
    await expect(client.createCalls(domainId, { count: 0, from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" })).rejects.toThrow(/count/);
    await expect(client.createApiClient(domainId, { scopes: ["everything"] })).rejects.toThrow(/scopes/);
    await expect(client.createApiClient("9999", { scopes: ["campaigns:read"] })).rejects.toMatchObject({ status: 404 });
    const res = await fetch(`${sim.baseUrl}/_sim/domains`, { method: "POST", body: "{not json" });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/not valid JSON/);
  });

  it("steps the clock", async () => {
    const before = Date.parse((await client.clock()).now);
    const after = Date.parse((await client.clock({ advanceMs: 90_000 })).now);
    expect(after - before).toBe(90_000);
  });
});

describe("OAuth client credentials (driven by oauth4webapi)", () => {
  it("issues a bearer token with the granted scopes and no-store headers", async () => {
    const api = await client.createApiClient(domainId, { scopes: ["campaigns:read", "users:read"] });
    const res = await fetch(`${sim.baseUrl}/oauth2/v1/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ grant_type: "client_credentials", client_id: api.clientId, client_secret: api.clientSecret }) });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "campaigns:read users:read" });
    expect((await token(["campaigns:read"])).access).toMatch(/.{20,}/);
  });

  it("answers RFC 6749 errors: invalid_client 401, invalid_scope, unsupported_grant_type, invalid_request", async () => {
    const api = await client.createApiClient(domainId, { scopes: ["campaigns:read"] });
    const post = (body: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${sim.baseUrl}/oauth2/v1/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams(body) });
    const wrong = await post({ grant_type: "client_credentials", client_id: api.clientId, client_secret: "wrong" });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Basic/);
    expect((await wrong.json()).error).toBe("invalid_client");
    expect((await (await post({ grant_type: "client_credentials", client_id: api.clientId, client_secret: api.clientSecret, scope: "users:read" })).json()).error).toBe("invalid_scope");
    expect((await (await post({ grant_type: "password" })).json()).error).toBe("unsupported_grant_type");
    expect((await (await post({})).json()).error).toBe("invalid_request");
    const json = await fetch(`${sim.baseUrl}/oauth2/v1/token`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(json.status).toBe(400);
    await expect(token(["users:read"], ["campaigns:read"])).rejects.toThrow();
  });

  it("expires tokens on the simulator clock and honours revocation", async () => {
    const t = await token(["campaigns:read"]);
    expect((await get(`/campaigns/v1/domains/${domainId}/campaigns`, t.access)).status).toBe(200);
    await client.clock({ advanceMs: 3600_000 });
    expect((await get(`/campaigns/v1/domains/${domainId}/campaigns`, t.access)).status).toBe(401);

    const r = await token(["campaigns:read"]);
    const as = authServer();
    const res = await oauth.revocationRequest(as, { client_id: r.clientId }, oauth.ClientSecretBasic(r.secret), r.access, { [oauth.allowInsecureRequests]: true });
    await oauth.processRevocationResponse(res);
    expect((await get(`/campaigns/v1/domains/${domainId}/campaigns`, r.access)).status).toBe(401);
  });
});

describe("REST APIs", () => {
  it("pages with pageLimit and pageCursor, and rejects pageLimit over 100", async () => {
    const t = await token(["users:read"]);
    const first = await (await get(`/users/v1/domains/${domainId}/users?pageLimit=3`, t.access)).json();
    expect(first.items).toHaveLength(3);
    const second = await (await get(`/users/v1/domains/${domainId}/users?pageLimit=3&pageCursor=${first.paging.nextPageCursor}`, t.access)).json();
    expect(second.items[0].id).not.toBe(first.items[0].id);
    expect((await get(`/users/v1/domains/${domainId}/users?pageLimit=101`, t.access)).status).toBe(400);
    expect((await get(`/users/v1/domains/${domainId}/users?pageCursor=garbage`, t.access)).status).toBe(400);
  });

  it("checks scope and domain", async () => {
    const t = await token(["campaigns:read"]);
    const res = await get(`/users/v1/domains/${domainId}/users`, t.access);
    expect(res.status).toBe(403);
    expect((await res.json()).error).toBe("insufficient_scope");
    const other = (await client.createDomain({ name: "Other" })).domainId;
    expect((await get(`/campaigns/v1/domains/${other}/campaigns`, t.access)).status).toBe(403);
    expect((await get(`/campaigns/v1/domains/${domainId}/campaigns`)).status).toBe(401);
  });

  it("answers 429 with Retry-After past the per-domain rate limit", async () => {
    const t = await token(["campaigns:read"]);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 25; i++) {
      const res = await get(`/campaigns/v1/domains/${domainId}/campaigns`, t.access);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get("retry-after");
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    await client.clock({ advanceMs: 3_000 });
    expect((await get(`/campaigns/v1/domains/${domainId}/campaigns`, t.access)).status).toBe(200);
  });
});

describe("faults", () => {
  it("injects status codes per domain and endpoint, once or persistently, and logs requests", async () => {
    const t = await token(["campaigns:read"]);
    const path = `/campaigns/v1/domains/${domainId}/campaigns`;
    await client.addFault({ domainId, endpoint: "/campaigns", type: "status", status: 429, retryAfterSeconds: 7, count: 1 });
    const limited = await get(path, t.access);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect((await get(path, t.access)).status).toBe(200);
    await client.addFault({ endpoint: "/campaigns", type: "status", status: 503 });
    expect((await get(path, t.access)).status).toBe(503);
    expect((await get(path, t.access)).status).toBe(503);
    await client.clearFaults();
    expect((await get(path, t.access)).status).toBe(200);
    const log = await client.requests({ path: "/campaigns" });
    expect(log.slice(-5).map((r) => r.status)).toEqual([429, 200, 503, 503, 200]);
  });

  it("resets the connection, adds latency, revokes tokens and serves duplicate pages", async () => {
    const t = await token(["users:read"]);
    const path = `/users/v1/domains/${domainId}/users?pageLimit=2`;
    await client.addFault({ domainId, type: "reset", count: 1 });
    await expect(get(path, t.access)).rejects.toThrow();
    await client.addFault({ domainId, type: "latency", latencyMs: 300, count: 1 });
    const started = Date.now();
    expect((await get(path, t.access)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    const first = await (await get(path, t.access)).json();
    await client.addFault({ domainId, type: "duplicate_page", count: 1 });
    const dup = await (await get(`${path}&pageCursor=${first.paging.nextPageCursor}`, t.access)).json();
    expect(dup.items).toEqual(first.items);
    await client.addFault({ domainId, type: "token_revoked", count: 1 });
    expect((await get(path, t.access)).status).toBe(401);
  });

  it("validates fault specs", async () => {
    await expect(client.addFault({ type: "status", status: 200 } as never)).rejects.toBeInstanceOf(SimClientError);
    await expect(client.addFault({ type: "explode" } as never)).rejects.toThrow(/type/);
  });
});
