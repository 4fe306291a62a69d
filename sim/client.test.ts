import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimClient, SimClientError } from "./client";
import { authorizeAndRedeem, oauthErrorOf, refresh, type TestApp } from "./oauth/test-browser";
import { startSimulator, type RunningSimulator } from "./server";

let sim: RunningSimulator;
let client: SimClient;

beforeAll(async () => {
  sim = await startSimulator({ seed: 8, clock: { start: Date.parse("2026-11-20T12:00:00Z"), speed: 0 } });
  client = new SimClient(sim.baseUrl);
});
afterAll(() => sim.close());

const REDIRECT = "https://app.loris.test/five9/callback";

async function domainAdmin(name: string) {
  const domain = await client.createDomain({ name });
  return { domainId: domain.domainId, admin: domain.users.find((u) => u.role === "admin")! };
}

/** Registers a partner app through SimClient, in the shape the OAuth test helpers take. */
async function partnerApp(name: string): Promise<TestApp> {
  const app = await client.createOAuthApp({ name, redirectUris: [REDIRECT], scopes: ["domains:read", "campaigns:read"] });
  return { clientId: app.clientId, clientSecret: app.clientSecret, redirectUri: REDIRECT, client: { client_id: app.clientId } };
}

describe("SimClient: OAuth control routes", () => {
  it("registers a partner app and shows its secret once", async () => {
    const app = await client.createOAuthApp({ name: "Loris", redirectUris: [REDIRECT], scopes: ["domains:read"] });
    expect(app).toMatchObject({ name: "Loris", redirectUris: [REDIRECT], scopes: ["domains:read"] });
    expect(app.clientId).toMatch(/^f9c_/);
    expect(app.clientSecret.length).toBeGreaterThan(20);
    expect(Number.isNaN(Date.parse(app.createdAt))).toBe(false);
  });

  it("turns a refused registration into a SimClientError naming the field", async () => {
    const refused = client.createOAuthApp({ name: "Bad", redirectUris: ["https://x.test/cb#frag"], scopes: ["domains:read"] });
    await expect(refused).rejects.toBeInstanceOf(SimClientError);
    await expect(client.createOAuthApp({ name: "Bad", redirectUris: [REDIRECT], scopes: [] })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/scopes/) });
  });

  it("lists grants, all or one domain's", async () => {
    const app = await partnerApp("Grants app");
    const acme = await domainAdmin("Grants Acme");
    const globex = await domainAdmin("Grants Globex");
    await authorizeAndRedeem(sim, app, acme.admin);
    await authorizeAndRedeem(sim, app, globex.admin);
    const acmeGrants = await client.oauthGrants({ domainId: acme.domainId });
    expect(acmeGrants).toEqual([expect.objectContaining({ clientId: app.clientId, domainId: acme.domainId, userId: acme.admin.userId, scopes: ["domains:read"], revoked: false })]);
    const all = await client.oauthGrants();
    expect(all.map((g) => g.domainId)).toEqual(expect.arrayContaining([acme.domainId, globex.domainId]));
  });

  it("expires refresh tokens of one domain: its next refresh fails, the other domain's works", async () => {
    const app = await partnerApp("Expiry app");
    const acme = await domainAdmin("Expiry Acme");
    const globex = await domainAdmin("Expiry Globex");
    const acmeTokens = await authorizeAndRedeem(sim, app, acme.admin);
    const globexTokens = await authorizeAndRedeem(sim, app, globex.admin);
    expect(await client.expireRefreshTokens({ domainId: acme.domainId })).toBe(1);
    expect(await oauthErrorOf(refresh(sim, app, acmeTokens.refresh_token!))).toBe("invalid_grant");
    expect((await refresh(sim, app, globexTokens.refresh_token!)).access_token).toBeTruthy();
    // The grant itself is not revoked: expiry is not an admin's removal.
    expect((await client.oauthGrants({ domainId: acme.domainId }))[0]?.revoked).toBe(false);
  });

  it("revokes grants of one client and counts them", async () => {
    const app = await partnerApp("Revoke app");
    const other = await partnerApp("Other app");
    const acme = await domainAdmin("Revoke Acme");
    const tokens = await authorizeAndRedeem(sim, app, acme.admin);
    const kept = await authorizeAndRedeem(sim, other, acme.admin);
    expect(await client.revokeGrants({ clientId: app.clientId })).toBe(1);
    expect(await client.revokeGrants({ clientId: app.clientId })).toBe(0);
    expect(await oauthErrorOf(refresh(sim, app, tokens.refresh_token!))).toBe("invalid_grant");
    expect((await refresh(sim, other, kept.refresh_token!)).access_token).toBeTruthy();
    const grants = await client.oauthGrants({ domainId: acme.domainId });
    expect(grants.find((g) => g.clientId === app.clientId)?.revoked).toBe(true);
    expect(grants.find((g) => g.clientId === other.clientId)?.revoked).toBe(false);
  });

  it("rejects a lever for a domain that does not exist", async () => {
    await expect(client.revokeGrants({ domainId: "9999" })).rejects.toMatchObject({ status: 404 });
    await expect(client.expireRefreshTokens({ domainId: "9999" })).rejects.toMatchObject({ status: 404 });
  });
});
