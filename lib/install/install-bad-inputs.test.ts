// What an admin can get wrong in the wizard: each mistake comes back as a
// field error on the field to fix, and nothing is stored.
import net from "node:net";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { five9SandboxPerFile, type SimDomainFixture } from "../../test/support/five9-sim";
import { failureOf, newInstaller, unwrap, type Installer } from "../../test/support/install-flow";
import { chooseDomain } from "./choose-domain";
import { connectApiClient } from "./connect-api-client";
import { saveHistoryAccess } from "./save-history-access";

const sandbox = five9SandboxPerFile({ seed: 23 });

let domain: SimDomainFixture;
let installer: Installer;
let slug: string;

/** A workspace that chose a fresh domain (the first step done). */
beforeEach(async () => {
  domain = await sandbox.newDomain();
  installer = await newInstaller();
  slug = installer.tenant.slug;
  unwrap(await chooseDomain(installer.cookies, { slug, region: "us", domainId: domain.domainId }));
});

/** Authorizes with a good API client, so the history step can be reached. */
async function authorize(): Promise<void> {
  const api = await sandbox.newApiClient(domain.domainId);
  unwrap(await connectApiClient(installer.cookies, { slug, clientId: api.clientId, clientSecret: api.clientSecret }));
}

/** A TCP port on loopback where nothing listens. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const storedRows = async (tenantId: string) => ({
  connections: await db().five9Connection.count({ where: { tenantId } }),
  supervisors: await db().supervisorCredential.count({ where: { tenantId } }),
  legacy: await db().legacyExportSource.count({ where: { tenantId } }),
});

describe("API client mistakes", () => {
  it("a wrong secret is a field error on clientSecret, audited, nothing stored", async () => {
    const api = await sandbox.newApiClient(domain.domainId);
    const error = failureOf(await connectApiClient(installer.cookies, { slug, clientId: api.clientId, clientSecret: `${api.clientSecret}x` }));
    expect(error).toMatchObject({ code: "validation_failed", fields: { clientSecret: expect.stringMatching(/did not accept/) } });
    expect(await storedRows(installer.tenant.id)).toEqual({ connections: 0, supervisors: 0, legacy: 0 });
    expect((await db().install.findUniqueOrThrow({ where: { tenantId: installer.tenant.id } })).step).toBe("authorize");
    const audit = await db().auditLog.findFirstOrThrow({ where: { tenantId: installer.tenant.id, action: "install.authorize" } });
    expect(audit.outcome).toBe("failure");
  });

  it("an API client without Loris's scopes is a field error on clientId", async () => {
    const api = await sandbox.newApiClient(domain.domainId, ["domains:read", "campaigns:read"]);
    const error = failureOf(await connectApiClient(installer.cookies, { slug, clientId: api.clientId, clientSecret: api.clientSecret }));
    expect(error.fields?.clientId).toMatch(/lacks scopes/);
    expect((await storedRows(installer.tenant.id)).connections).toBe(0);
  });

  it("an API client of another domain is refused on clientId", async () => {
    const other = await sandbox.newDomain();
    const api = await sandbox.newApiClient(other.domainId);
    const error = failureOf(await connectApiClient(installer.cookies, { slug, clientId: api.clientId, clientSecret: api.clientSecret }));
    expect(error.fields?.clientId).toMatch(new RegExp(`not valid for Five9 domain ${domain.domainId}`));
    expect((await storedRows(installer.tenant.id)).connections).toBe(0);
  });
});

describe("history access mistakes", () => {
  it("a wrong supervisor password is a field error, nothing stored", async () => {
    await authorize();
    const error = failureOf(await saveHistoryAccess(installer.cookies, { slug, legacyEnabled: false, supervisorUsername: domain.supervisor.username, supervisorPassword: "wrong-password" }));
    expect(error).toMatchObject({ code: "validation_failed", fields: { supervisorPassword: expect.stringMatching(/did not accept/) } });
    expect(await storedRows(installer.tenant.id)).toEqual({ connections: 1, supervisors: 0, legacy: 0 });
  });

  it("a supervisor of another domain is a field error on the username", async () => {
    await authorize();
    const other = await sandbox.newDomain();
    const error = failureOf(await saveHistoryAccess(installer.cookies, { slug, legacyEnabled: false, supervisorUsername: other.supervisor.username, supervisorPassword: other.supervisor.password }));
    expect(error.fields?.supervisorUsername).toMatch(new RegExp(`belongs to Five9 domain ${other.domainId}`));
    expect((await storedRows(installer.tenant.id)).supervisors).toBe(0);
  });

  it("a supervisor without the Administrator role is told the call log needs it, nothing stored", async () => {
    await authorize();
    const error = failureOf(await saveHistoryAccess(installer.cookies, { slug, legacyEnabled: false, supervisorUsername: domain.supervisor.username, supervisorPassword: domain.supervisor.password }));
    expect(error.fields?.supervisorUsername).toMatch(/may not read the call log: give it the Administrator role/);
    expect((await storedRows(installer.tenant.id)).supervisors).toBe(0);
  });

  it("an unreachable FTP host or a wrong FTP password is a field error; the good supervisor login is not stored either", async () => {
    await authorize();
    const ftp = sandbox.sim.legacy.createExportCredentials(domain.domainId);
    const base = { slug, legacyEnabled: true as const, supervisorUsername: domain.admin.username, supervisorPassword: domain.admin.password };
    const legacy = { protocol: "ftp" as const, host: "127.0.0.1", port: sandbox.sim.ftpPort, username: ftp.username, password: ftp.password, folder: "/" };

    const unreachable = failureOf(await saveHistoryAccess(installer.cookies, { ...base, legacy: { ...legacy, port: await closedPort() } }));
    expect(unreachable.fields?.["legacy.host"]).toMatch(/Could not reach FTP 127\.0\.0\.1/);
    const wrongPassword = failureOf(await saveHistoryAccess(installer.cookies, { ...base, legacy: { ...legacy, password: "not-the-password" } }));
    expect(wrongPassword.fields?.["legacy.password"]).toMatch(/refused the username or password/);
    expect(await storedRows(installer.tenant.id)).toEqual({ connections: 1, supervisors: 0, legacy: 0 });
  });
});

describe("invalid fields and claimed domains", () => {
  it("invalid fields come back as validation_failed naming each field", async () => {
    const domainError = failureOf(await chooseDomain(installer.cookies, { slug, region: "mars", domainId: "acme" }));
    expect(domainError.code).toBe("validation_failed");
    expect(domainError.fields).toEqual({ region: expect.stringMatching(/Five9 regions/), domainId: expect.stringMatching(/is a number/) });

    const historyError = failureOf(await saveHistoryAccess(installer.cookies, { slug, legacyEnabled: true, supervisorUsername: " ", supervisorPassword: "", legacy: { protocol: "ftp", host: "ftp://x/y", port: "99999", username: "u", password: "p" } }));
    expect(historyError.fields).toMatchObject({ supervisorUsername: expect.any(String), supervisorPassword: expect.any(String), "legacy.host": expect.stringMatching(/without ftp:\/\//), "legacy.port": expect.stringMatching(/1 to 65535/) });
    expect(failureOf(await connectApiClient(installer.cookies, { slug, clientId: "", clientSecret: "" })).fields).toEqual({ clientId: expect.any(String), clientSecret: expect.any(String) });
    // The domain of the first step is unchanged by the refused attempt.
    expect((await db().tenant.findUniqueOrThrow({ where: { id: installer.tenant.id } })).five9DomainId).toBe(domain.domainId);
  });

  it("refuses a Five9 domain another workspace has claimed", async () => {
    const rival = await newInstaller();
    const error = failureOf(await chooseDomain(rival.cookies, { slug: rival.tenant.slug, region: "us", domainId: domain.domainId }));
    expect(error).toMatchObject({ code: "validation_failed", fields: { domainId: expect.stringMatching(/another Loris workspace/) } });
    expect((await db().tenant.findUniqueOrThrow({ where: { id: rival.tenant.id } })).five9DomainId).toBeNull();
    expect(await db().install.count({ where: { tenantId: rival.tenant.id } })).toBe(0);
  });
});
