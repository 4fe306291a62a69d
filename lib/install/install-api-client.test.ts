// The whole wizard with an API client, through the lib actions, against the
// simulator over HTTP: every step's rows, and "installed" only at the end.
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { openConnectionSecrets } from "../five9/connection-store";
import { REQUIRED_SCOPES } from "../five9/endpoints";
import { executeHealthRun, latestHealthRun, startHealthRun } from "../health/run-health-checks";
import { five9SandboxPerFile } from "../../test/support/five9-sim";
import { failureOf, newInstaller, sendLiveAudioEvent, unwrap } from "../../test/support/install-flow";
import { chooseData } from "./choose-data";
import { chooseDomain } from "./choose-domain";
import { connectApiClient } from "./connect-api-client";
import { finishInstall } from "./finish-install";
import { confirmLiveAudio, provisionLiveAudio, trustTokenHash } from "./live-audio";
import { saveHistoryAccess } from "./save-history-access";

const sandbox = five9SandboxPerFile({ seed: 21 });

const tenantStatus = async (id: string) => (await db().tenant.findUniqueOrThrow({ where: { id } })).status;
const installStep = async (tenantId: string) => (await db().install.findUniqueOrThrow({ where: { tenantId } })).step;

describe("install with an API client", () => {
  it("walks every step; the tenant is installed only after a clean health run", async () => {
    const domain = await sandbox.newDomain();
    const { tenant, cookies, user } = await newInstaller();
    const slug = tenant.slug;

    expect(unwrap(await chooseDomain(cookies, { slug, region: "us" }))).toEqual({ step: "authorize" });
    expect(await db().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({ five9DomainId: null, region: "us", status: "pending" });

    const api = await sandbox.newApiClient(domain.domainId);
    expect(unwrap(await connectApiClient(cookies, { slug, domainId: domain.domainId, clientId: api.clientId, clientSecret: api.clientSecret }))).toEqual({ domainName: domain.name, reauthorized: false });
    const connection = await db().five9Connection.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(connection).toMatchObject({ grantType: "client_credentials", clientId: api.clientId, five9DomainId: domain.domainId, state: "active" });
    expect(connection.scopes).toEqual(expect.arrayContaining([...REQUIRED_SCOPES]));
    expect(openConnectionSecrets(connection).clientSecret).toBe(api.clientSecret);
    expect(await installStep(tenant.id)).toBe("credentials");

    // History access: the admin login (SOAP needs one) and the V1 FTP export.
    const ftp = sandbox.sim.legacy.createExportCredentials(domain.domainId);
    const legacy = { protocol: "ftp" as const, host: "127.0.0.1", port: sandbox.sim.ftpPort, username: ftp.username, password: ftp.password, folder: "/" };
    unwrap(await saveHistoryAccess(cookies, { slug, legacyEnabled: true, supervisorUsername: domain.admin.username, supervisorPassword: domain.admin.password, legacy }));
    expect(await db().supervisorCredential.findUniqueOrThrow({ where: { tenantId: tenant.id } })).toMatchObject({ username: domain.admin.username, verifiedAt: expect.any(Date) });
    expect(await db().legacyExportSource.findUniqueOrThrow({ where: { tenantId: tenant.id } })).toMatchObject({ protocol: "ftp", port: sandbox.sim.ftpPort, username: ftp.username });
    expect(await installStep(tenant.id)).toBe("campaigns");

    const refused = failureOf(await chooseData(cookies, { slug, campaigns: ["Inbound Sales", "No Such Campaign"], dataKinds: ["call_log"] }));
    expect(refused.fields?.campaigns).toMatch(/No Such Campaign/);
    expect(unwrap(await chooseData(cookies, { slug, campaigns: ["Inbound Sales"], dataKinds: ["call_log", "recordings", "live_audio"] }))).toMatchObject({ next: "live_audio" });

    const setup = unwrap(await provisionLiveAudio(cookies, { slug }));
    expect(setup.trustToken).toBeTruthy();
    expect(setup.eventUrl).toMatch(/\/api\/five9\/events\/[0-9a-f]{32}$/);
    const sub = await db().voiceStreamSubscription.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(sub.trustTokenHash).toBe(trustTokenHash(setup.trustToken!));
    expect(setup.eventUrl.endsWith(sub.eventKey)).toBe(true);
    // Shown once: asking again gives the same details without the token.
    expect(unwrap(await provisionLiveAudio(cookies, { slug })).trustToken).toBeNull();
    expect(failureOf(await confirmLiveAudio(cookies, { slug })).message).toMatch(/Waiting for Five9/);
    await sendLiveAudioEvent(tenant.id, setup.trustToken!);
    expect(unwrap(await confirmLiveAudio(cookies, { slug }))).toEqual({ next: "verify" });

    // Not installed before the health run, however far the wizard got.
    expect(await tenantStatus(tenant.id)).toBe("pending");
    expect(failureOf(await finishInstall(cookies, { slug })).message).toMatch(/Run the health checks first/);

    const run = await startHealthRun(tenant.id, "install", user.email);
    const counts = await executeHealthRun(run.id);
    const results = (await latestHealthRun(tenant.id))!.results;
    const byId = Object.fromEntries(results.map((r) => [r.checkId, r]));
    expect(counts.fail, JSON.stringify(results.map((r) => [r.checkId, r.status, r.message]))).toBe(0);
    for (const id of ["token", "scopes", "rest_api", "rate_limit", "soap_api", "supervisor_api", "legacy_export"]) expect(byId[id]?.status, id).toBe("pass");
    expect(byId.rest_api!.message).toContain(domain.name);
    expect(byId.rate_limit!.message).toMatch(/^\d+ API requests left in this minute/);
    expect(byId.legacy_export!.message).toMatch(/^FTP 127\.0\.0\.1 reachable/);
    // A call event with the trust token arrived: that, not the validation, is what passes.
    expect(byId.voicestream).toMatchObject({ status: "pass", message: expect.stringMatching(/^Receiving/) });

    expect(unwrap(await finishInstall(cookies, { slug }))).toEqual({ installed: true });
    expect(await tenantStatus(tenant.id)).toBe("installed");
    expect(await db().install.findUniqueOrThrow({ where: { tenantId: tenant.id } })).toMatchObject({ step: "done", completedAt: expect.any(Date), campaigns: ["Inbound Sales"] });
    const actions = (await db().auditLog.findMany({ where: { tenantId: tenant.id }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["install.started", "install.authorize", "install.history_access", "install.choices", "voicestream.provisioned", "health.run", "install.completed"]));
    // The first call log sync is queued at once, not left to the next scheduler tick.
    const queued = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'ingest.call-log' AND data->>'tenantId' = ${tenant.id}`;
    expect(Number(queued[0]!.n)).toBe(1);
  });

  it("skips live audio when not chosen and refuses to finish while a check fails", async () => {
    const domain = await sandbox.newDomain();
    const { tenant, cookies } = await newInstaller();
    const slug = tenant.slug;
    unwrap(await chooseDomain(cookies, { slug, region: "us", domainId: domain.domainId }));
    const api = await sandbox.newApiClient(domain.domainId);
    unwrap(await connectApiClient(cookies, { slug, clientId: api.clientId, clientSecret: api.clientSecret }));
    unwrap(await saveHistoryAccess(cookies, { slug, legacyEnabled: false, supervisorUsername: domain.admin.username, supervisorPassword: domain.admin.password }));
    // Later, Five9's SOAP service refuses Loris's user (as when its Administrator role is taken away).
    sandbox.sim.faults.add({ endpoint: "/wsadmin", type: "status", status: 403 });
    expect(unwrap(await chooseData(cookies, { slug, campaigns: ["Customer Support"], dataKinds: ["call_log"] }))).toMatchObject({ next: "verify" });
    expect(await installStep(tenant.id)).toBe("verify");

    const run = await startHealthRun(tenant.id, "install");
    const counts = await executeHealthRun(run.id);
    const results = (await latestHealthRun(tenant.id))!.results;
    expect(results.map((r) => r.checkId)).not.toContain("voicestream");
    expect(counts.fail).toBeGreaterThanOrEqual(1);
    const soap = results.find((r) => r.checkId === "soap_api")!;
    expect(soap).toMatchObject({ status: "fail", fixHint: expect.any(String) });
    sandbox.sim.faults.clear();

    const refused = failureOf(await finishInstall(cookies, { slug }));
    expect(refused).toMatchObject({ code: "conflict", message: expect.stringContaining("Call log (SOAP API)") });
    expect(await tenantStatus(tenant.id)).toBe("pending");
  });

  it("asks the API client path for the domain id on the Authorize step: required, not another workspace's, then stored", async () => {
    const domain = await sandbox.newDomain();
    const { tenant, cookies } = await newInstaller();
    const slug = tenant.slug;
    unwrap(await chooseDomain(cookies, { slug, region: "us" }));
    expect(await db().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({ region: "us", five9DomainId: null });
    const api = await sandbox.newApiClient(domain.domainId);
    expect(failureOf(await connectApiClient(cookies, { slug, clientId: api.clientId, clientSecret: api.clientSecret })).fields?.domainId).toMatch(/Enter the id of the Five9 domain/);
    expect(failureOf(await connectApiClient(cookies, { slug, domainId: "12ab", clientId: api.clientId, clientSecret: api.clientSecret })).fields?.domainId).toMatch(/is a number/);
    const holder = await newInstaller();
    const held = await sandbox.newDomain();
    unwrap(await chooseDomain(holder.cookies, { slug: holder.tenant.slug, region: "us", domainId: held.domainId }));
    expect(failureOf(await connectApiClient(cookies, { slug, domainId: held.domainId, clientId: api.clientId, clientSecret: api.clientSecret })).fields?.domainId).toMatch(/another Loris workspace/);
    expect(await db().five9Connection.count({ where: { tenantId: tenant.id } })).toBe(0);
    unwrap(await connectApiClient(cookies, { slug, domainId: domain.domainId, clientId: api.clientId, clientSecret: api.clientSecret }));
    expect(await db().install.findUniqueOrThrow({ where: { tenantId: tenant.id } })).toMatchObject({ five9DomainId: domain.domainId, step: "credentials" });
    expect((await db().tenant.findUniqueOrThrow({ where: { id: tenant.id } })).five9DomainId).toBe(domain.domainId);
  });

  it("refuses steps out of order and keeps a half-finished install from counting as installed", async () => {
    const domain = await sandbox.newDomain();
    const { tenant, cookies } = await newInstaller();
    const slug = tenant.slug;
    expect(failureOf(await connectApiClient(cookies, { slug, clientId: "x", clientSecret: "y" })).message).toMatch(/first step/);
    unwrap(await chooseDomain(cookies, { slug, region: "us", domainId: domain.domainId }));
    expect(failureOf(await saveHistoryAccess(cookies, { slug, legacyEnabled: false, supervisorUsername: domain.admin.username, supervisorPassword: domain.admin.password })).message).toMatch(/Authorize Loris/);
    expect(failureOf(await finishInstall(cookies, { slug })).message).toMatch(/earlier steps/);
    // Even a passing health run does not finish an install stuck before Verify.
    await executeHealthRun((await startHealthRun(tenant.id, "manual")).id);
    expect(failureOf(await finishInstall(cookies, { slug })).code).toBe("conflict");
    expect(await tenantStatus(tenant.id)).toBe("pending");
    expect(await db().supervisorCredential.count({ where: { tenantId: tenant.id } })).toBe(0);
  });
});
