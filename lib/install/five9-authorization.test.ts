// "Connect with Five9": authorization code + PKCE against the simulator's
// consent page, and every way the callback can be refused — with nothing
// stored when it is.
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { openConnectionSecrets } from "../five9/connection-store";
import { REQUIRED_SCOPES } from "../five9/endpoints";
import { callbackUrl } from "../five9/oauth";
import { answerConsent, five9SandboxPerFile, type SimDomainFixture } from "../../test/support/five9-sim";
import { newInstaller, unwrap, type Installer } from "../../test/support/install-flow";
import { chooseDomain } from "./choose-domain";
import { beginFive9Authorization, completeFive9Authorization } from "./five9-authorization";

const sandbox = five9SandboxPerFile({ seed: 22 });

/**
 * A workspace that chose its region (the wizard asks nothing more: the grant
 * names the domain), and a started authorization. `boundTo`: a workspace
 * already connected to that domain (as when re-authorizing).
 */
async function started(_domain: SimDomainFixture, boundTo?: SimDomainFixture): Promise<Installer & { url: string; binding: string }> {
  const installer = await newInstaller();
  unwrap(await chooseDomain(installer.cookies, { slug: installer.tenant.slug, region: "us", ...(boundTo ? { domainId: boundTo.domainId } : {}) }));
  return { ...installer, ...unwrap(await beginFive9Authorization(installer.cookies, { slug: installer.tenant.slug })) };
}

/** Nothing of the authorization was kept, and the wizard did not move on. */
async function expectNothingSaved(tenantId: string): Promise<void> {
  expect(await db().five9Connection.count({ where: { tenantId } })).toBe(0);
  expect((await db().install.findUniqueOrThrow({ where: { tenantId } })).step).toBe("authorize");
  expect((await db().tenant.findUniqueOrThrow({ where: { id: tenantId } })).status).toBe("pending");
}

describe("Connect with Five9", () => {
  it("sends the admin to Five9's consent page and stores the authorization on approval", async () => {
    const domain = await sandbox.newDomain();
    const s = await started(domain);
    const url = new URL(s.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${sandbox.sim.baseUrl}/oauth2/v1/authorize`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ response_type: "code", client_id: sandbox.app.clientId, redirect_uri: callbackUrl(), scope: REQUIRED_SCOPES.join(" "), code_challenge_method: "S256" });
    // Only hashes of the state and the browser binding are stored.
    const pending = await db().oAuthState.findFirstOrThrow({ where: { tenantId: s.tenant.id } });
    expect(JSON.stringify(pending)).not.toContain(url.searchParams.get("state")!);
    expect(JSON.stringify(pending)).not.toContain(s.binding);

    const params = await answerConsent(sandbox.sim, s.url, { approveAs: domain.admin });
    expect(params.get("code")).toBeTruthy();
    expect(await completeFive9Authorization(s.viewer, s.binding, params)).toEqual({ ok: true, slug: s.tenant.slug });

    const connection = await db().five9Connection.findUniqueOrThrow({ where: { tenantId: s.tenant.id } });
    expect(connection).toMatchObject({ grantType: "authorization_code", clientId: sandbox.app.clientId, five9DomainId: domain.domainId, state: "active", clientSecretSealed: null });
    expect(connection.scopes).toEqual([...REQUIRED_SCOPES]);
    expect(openConnectionSecrets(connection).refreshToken).toBeTruthy();
    // The domain is the one the consent was given for: the admin typed none.
    expect(await db().install.findUniqueOrThrow({ where: { tenantId: s.tenant.id } })).toMatchObject({ step: "credentials", five9DomainId: domain.domainId });
    expect((await db().tenant.findUniqueOrThrow({ where: { id: s.tenant.id } })).five9DomainId).toBe(domain.domainId);
    expect(await sandbox.client.oauthGrants({ domainId: domain.domainId })).toEqual([expect.objectContaining({ clientId: sandbox.app.clientId, userId: domain.admin.userId, revoked: false })]);
  });

  it("refuses, at callback time, a consent for a domain another workspace holds, and revokes that grant", async () => {
    const domain = await sandbox.newDomain();
    const holder = await started(domain);
    expect((await completeFive9Authorization(holder.viewer, holder.binding, await answerConsent(sandbox.sim, holder.url, { approveAs: domain.admin }))).ok).toBe(true);
    const s = await started(domain);
    const result = await completeFive9Authorization(s.viewer, s.binding, await answerConsent(sandbox.sim, s.url, { approveAs: domain.admin }));
    expect(result).toMatchObject({ ok: false, reason: "domain_claimed" });
    await expectNothingSaved(s.tenant.id);
    expect((await db().tenant.findUniqueOrThrow({ where: { id: s.tenant.id } })).five9DomainId).toBeNull();
    // The holder's grant stays; the refused one is revoked at Five9.
    expect((await sandbox.client.oauthGrants({ domainId: domain.domainId })).map((g) => g.revoked)).toEqual([false, true]);
    const audit = await db().auditLog.findFirstOrThrow({ where: { tenantId: s.tenant.id, action: "install.authorize", outcome: "failure" } });
    expect(audit.details).toMatchObject({ reason: "domain_claimed" });
  });

  it("refuses a replayed callback without presenting the code to Five9 again", async () => {
    const domain = await sandbox.newDomain();
    const s = await started(domain);
    const params = await answerConsent(sandbox.sim, s.url, { approveAs: domain.admin });
    expect((await completeFive9Authorization(s.viewer, s.binding, params)).ok).toBe(true);
    const tokenCalls = (await sandbox.client.requests({ path: "/oauth2/v1/token" })).length;
    expect(await completeFive9Authorization(s.viewer, s.binding, params)).toMatchObject({ ok: false, reason: "replayed" });
    expect((await sandbox.client.requests({ path: "/oauth2/v1/token" })).length).toBe(tokenCalls);
    // A replayed code at Five9 would have revoked the grant.
    expect((await sandbox.client.oauthGrants({ domainId: domain.domainId }))[0]?.revoked).toBe(false);
  });

  it("reports a denied consent as denied", async () => {
    const domain = await sandbox.newDomain();
    const s = await started(domain);
    const params = await answerConsent(sandbox.sim, s.url, "deny");
    expect(params.get("error")).toBe("access_denied");
    expect(await completeFive9Authorization(s.viewer, s.binding, params)).toMatchObject({ ok: false, reason: "denied", slug: s.tenant.slug });
    await expectNothingSaved(s.tenant.id);
  });

  it("refuses a tampered or missing state", async () => {
    const domain = await sandbox.newDomain();
    const s = await started(domain);
    const params = await answerConsent(sandbox.sim, s.url, { approveAs: domain.admin });
    const tampered = new URLSearchParams(params);
    tampered.set("state", `${params.get("state")!.slice(0, -2)}xx`);
    expect(await completeFive9Authorization(s.viewer, s.binding, tampered)).toEqual({ ok: false, reason: "unknown_state" });
    tampered.delete("state");
    expect(await completeFive9Authorization(s.viewer, s.binding, tampered)).toEqual({ ok: false, reason: "missing_state" });
    await expectNothingSaved(s.tenant.id);
  });

  it("refuses another browser and another user", async () => {
    const domain = await sandbox.newDomain();
    const s = await started(domain);
    const colleague = await newInstaller({ tenant: s.tenant });
    const params = await answerConsent(sandbox.sim, s.url, { approveAs: domain.admin });
    expect(await completeFive9Authorization(s.viewer, "another-browser", params)).toMatchObject({ ok: false, reason: "wrong_browser" });
    expect(await completeFive9Authorization(s.viewer, undefined, params)).toMatchObject({ ok: false, reason: "wrong_browser" });
    expect(await completeFive9Authorization(colleague.viewer, s.binding, params)).toMatchObject({ ok: false, reason: "wrong_user" });
    expect(await completeFive9Authorization(null, s.binding, params)).toMatchObject({ ok: false, reason: "wrong_user" });
    await expectNothingSaved(s.tenant.id);
    const failures = await db().auditLog.findMany({ where: { tenantId: s.tenant.id, action: "install.authorize", outcome: "failure" } });
    expect(failures.map((f) => (f.details as { reason: string }).reason).sort()).toEqual(["wrong_browser", "wrong_browser", "wrong_user", "wrong_user"]);
  });

  it("refuses an authorization finished after the state expired", async () => {
    const domain = await sandbox.newDomain();
    const s = await started(domain);
    const params = await answerConsent(sandbox.sim, s.url, { approveAs: domain.admin });
    await db().oAuthState.updateMany({ where: { tenantId: s.tenant.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await completeFive9Authorization(s.viewer, s.binding, params)).toMatchObject({ ok: false, reason: "expired" });
    await expectNothingSaved(s.tenant.id);
  });

  it("refuses a token for another domain than the workspace is connected to, and revokes it at Five9", async () => {
    const chosen = await sandbox.newDomain();
    const other = await sandbox.newDomain();
    const s = await started(chosen, chosen);
    const params = await answerConsent(sandbox.sim, s.url, { approveAs: other.admin });
    const result = await completeFive9Authorization(s.viewer, s.binding, params);
    expect(result).toMatchObject({ ok: false, reason: "wrong_domain", detail: expect.stringContaining(other.domainId) });
    await expectNothingSaved(s.tenant.id);
    // Loris keeps no token for the other domain, so none may stay live there.
    expect(await sandbox.client.oauthGrants({ domainId: other.domainId })).toEqual([expect.objectContaining({ revoked: true })]);
  });

  it("refuses a grant missing scopes the admin unticked, revokes it, and stores nothing", async () => {
    const domain = await sandbox.newDomain();
    const s = await started(domain);
    const params = await answerConsent(sandbox.sim, s.url, { approveAs: domain.admin, grantOnly: ["domains:read", "campaigns:read"] });
    expect(await completeFive9Authorization(s.viewer, s.binding, params)).toMatchObject({ ok: false, reason: "missing_scopes", detail: expect.stringMatching(/recordings:read/) });
    await expectNothingSaved(s.tenant.id);
    expect(await sandbox.client.oauthGrants({ domainId: domain.domainId })).toEqual([expect.objectContaining({ revoked: true })]);
  });

  it("reports Five9 refusing the requested scopes as a consent error, storing nothing", async () => {
    const domain = await sandbox.newDomain();
    const s = await started(domain);
    // The app registration lacks a scope Loris asks for: Five9 redirects back with invalid_scope.
    const narrow = await sandbox.client.createOAuthApp({ name: "Loris (narrow)", redirectUris: [callbackUrl()], scopes: ["domains:read"] });
    const url = new URL(s.url);
    url.searchParams.set("client_id", narrow.clientId);
    const redirect = await fetch(url, { redirect: "manual" });
    const params = new URL(redirect.headers.get("location")!).searchParams;
    expect(params.get("error")).toBe("invalid_scope");
    expect(await completeFive9Authorization(s.viewer, s.binding, params)).toMatchObject({ ok: false, reason: "consent_error", detail: expect.stringMatching(/Scope not registered/) });
    await expectNothingSaved(s.tenant.id);
  });
});
