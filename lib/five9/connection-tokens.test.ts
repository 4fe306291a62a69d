// Refreshing a tenant's Five9 token against the simulator, which rotates
// refresh tokens and revokes the whole grant when a spent one is presented
// again: so concurrent refreshes must be single-flight, and a refused refresh
// must say "re-authorize".
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { five9SandboxPerFile } from "../../test/support/five9-sim";
import { connectWithFive9, failureOf, installTenant, newInstaller, unwrap, type Installer } from "../../test/support/install-flow";
import { chooseDomain } from "../install/choose-domain";
import { connectApiClient } from "../install/connect-api-client";
import { openConnectionSecrets } from "./connection-store";
import { refreshConnectionToken, restAccessFor } from "./connection-tokens";
import { getDomain } from "./rest";

const sandbox = five9SandboxPerFile({ seed: 24 });

const connectionOf = (tenantId: string) => db().five9Connection.findUniqueOrThrow({ where: { tenantId } });
const tokenCalls = async () => (await sandbox.client.requests({ path: "/oauth2/v1/token", method: "POST" })).length;

/** A workspace authorized with Connect with Five9 (a refresh token), mid-install. */
async function connectedTenant(): Promise<Installer & { domainId: string }> {
  const domain = await sandbox.newDomain();
  const installer = await newInstaller();
  unwrap(await chooseDomain(installer.cookies, { slug: installer.tenant.slug, region: "us", domainId: domain.domainId }));
  await connectWithFive9(sandbox, installer, domain);
  return { ...installer, domainId: domain.domainId };
}

/** Makes the stored access token look a minute from expiry, so the next refresh is due. */
async function nearExpiry(tenantId: string): Promise<void> {
  await db().five9Connection.update({ where: { tenantId }, data: { tokenExpiresAt: new Date(Date.now() + 60_000) } });
}

describe("refreshConnectionToken", () => {
  it("refreshes once when two callers race; both end with the new token and the rotated refresh token is stored", async () => {
    const { tenant, domainId } = await connectedTenant();
    const before = openConnectionSecrets(await connectionOf(tenant.id));
    await nearExpiry(tenant.id);
    const callsBefore = await tokenCalls();

    const [a, b] = await Promise.all([refreshConnectionToken(tenant.id), refreshConnectionToken(tenant.id)]);
    expect([a.outcome, b.outcome].sort()).toEqual(["fresh", "refreshed"]);
    expect(await tokenCalls()).toBe(callsBefore + 1);
    const tokenA = openConnectionSecrets(a.connection).accessToken;
    expect(tokenA).not.toBe(before.accessToken);
    expect(openConnectionSecrets(b.connection).accessToken).toBe(tokenA);

    const stored = openConnectionSecrets(await connectionOf(tenant.id));
    expect(stored.accessToken).toBe(tokenA);
    expect(stored.refreshToken).not.toBe(before.refreshToken);
    // Reuse of a spent refresh token would have revoked the grant at Five9.
    expect((await sandbox.client.oauthGrants({ domainId }))[0]?.revoked).toBe(false);

    // The stored refresh token is the live one: a later refresh works, and its token is accepted.
    const later = await refreshConnectionToken(tenant.id, { force: true });
    expect(later.outcome).toBe("refreshed");
    const { domain } = await getDomain(await restAccessFor(tenant.id));
    expect(domain.id).toBe(domainId);
  });

  it("does not call Five9 while the token is fresh", async () => {
    const { tenant } = await connectedTenant();
    const callsBefore = await tokenCalls();
    expect((await refreshConnectionToken(tenant.id)).outcome).toBe("fresh");
    expect(await tokenCalls()).toBe(callsBefore);
  });

  it("a refresh Five9 refuses marks an installed tenant needs_reauthorization; re-authorizing restores it", async () => {
    const domain = await sandbox.newDomain();
    const installer = await newInstaller();
    await installTenant(sandbox, installer, domain, { authorize: "connect" });
    expect((await db().tenant.findUniqueOrThrow({ where: { id: installer.tenant.id } })).status).toBe("installed");

    expect(await sandbox.client.revokeGrants({ domainId: domain.domainId })).toBe(1);
    const refused = await refreshConnectionToken(installer.tenant.id, { force: true });
    expect(refused.outcome).toBe("needs_reauthorization");
    expect(await connectionOf(installer.tenant.id)).toMatchObject({ state: "needs_reauthorization", lastRefreshError: expect.stringMatching(/no longer valid/) });
    expect((await db().tenant.findUniqueOrThrow({ where: { id: installer.tenant.id } })).status).toBe("needs_reauthorization");
    await expect(restAccessFor(installer.tenant.id)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/re-authorized/) });
    expect(await db().auditLog.count({ where: { tenantId: installer.tenant.id, action: "connection.refresh", outcome: "failure" } })).toBe(1);
    // Once marked, no further calls are made with the dead grant.
    expect((await refreshConnectionToken(installer.tenant.id, { force: true })).outcome).toBe("inactive");

    await connectWithFive9(sandbox, installer, domain);
    expect((await db().tenant.findUniqueOrThrow({ where: { id: installer.tenant.id } })).status).toBe("installed");
    expect((await connectionOf(installer.tenant.id)).state).toBe("active");
  });

  it("an expired refresh token also asks for re-authorization", async () => {
    const { tenant, domainId } = await connectedTenant();
    expect(await sandbox.client.expireRefreshTokens({ domainId })).toBe(1);
    expect((await refreshConnectionToken(tenant.id, { force: true })).outcome).toBe("needs_reauthorization");
    expect((await connectionOf(tenant.id)).lastRefreshError).toMatch(/expired/);
  });

  it("a refused refresh during the install leaves the tenant pending, so re-authorizing cannot skip the install", async () => {
    const { tenant, cookies, domainId } = await connectedTenant();
    await sandbox.client.revokeGrants({ domainId });
    expect((await refreshConnectionToken(tenant.id, { force: true })).outcome).toBe("needs_reauthorization");
    expect((await db().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).status).toBe("pending");

    const api = await sandbox.newApiClient(domainId);
    unwrap(await connectApiClient(cookies, { slug: tenant.slug, clientId: api.clientId, clientSecret: api.clientSecret }));
    expect((await db().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).status).toBe("pending");
    expect((await connectionOf(tenant.id)).state).toBe("active");
  });

  it("a Five9 outage is a retryable failure: the connection stays active", async () => {
    const { tenant } = await connectedTenant();
    await sandbox.client.addFault({ endpoint: "/oauth2/v1/token", type: "status", status: 503, count: 1 });
    const failed = await refreshConnectionToken(tenant.id, { force: true });
    expect(failed.outcome).toBe("failed");
    expect(await connectionOf(tenant.id)).toMatchObject({ state: "active", lastRefreshError: expect.stringMatching(/503/) });
    expect((await refreshConnectionToken(tenant.id, { force: true })).outcome).toBe("refreshed");
    expect((await connectionOf(tenant.id)).lastRefreshError).toBeNull();
  });

  it("refuses a tenant without a connection", async () => {
    const { tenant, cookies } = await newInstaller();
    await expect(refreshConnectionToken(tenant.id)).rejects.toMatchObject({ code: "not_found" });
    expect(failureOf(await connectApiClient(cookies, { slug: tenant.slug, clientId: "a", clientSecret: "b" })).code).toBe("conflict");
  });
});
