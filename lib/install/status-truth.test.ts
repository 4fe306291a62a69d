// Status is one truth: after Five9 revoked the grant, the health run fails the
// authorization check, the checks that need it say they were skipped (not
// PASS), no check sends the admin to support, and the overview's status view
// (badge, Authorization, Token renews) says the same; not-used parts say "not used".
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { HEALTH_CHECKS } from "../health/checks";
import { executeHealthRun, latestHealthRun, startHealthRun } from "../health/run-health-checks";
import { five9SandboxPerFile, type SimDomainFixture } from "../../test/support/five9-sim";
import { installTenant, newInstaller, type Installer } from "../../test/support/install-flow";
import { deriveTenantStatus, tenantStatusView } from "./status-views";

const sandbox = five9SandboxPerFile({ seed: 49 });
let installer: Installer;
let domain: SimDomainFixture;

beforeAll(async () => {
  installer = await newInstaller();
  domain = await sandbox.newDomain();
  await installTenant(sandbox, installer, domain, { authorize: "connect" });
});

const resultsById = async () => Object.fromEntries((await latestHealthRun(installer.tenant.id))!.results.map((r) => [r.checkId, r]));

describe("one status", () => {
  it("while healthy: every card says what is true, including the data path", async () => {
    const view = await tenantStatusView(installer.tenant.id);
    expect(view).toMatchObject({
      status: "installed",
      authorizationFailing: false,
      authorization: "Connect with Five9 · Active",
      historyUser: domain.admin.username,
      legacyExport: expect.stringMatching(/^FTP 127\.0\.0\.1:\d+$/),
      liveAudio: expect.stringMatching(/^Receiving/),
      dataPath: "Five9 APIs (call log, recordings) + live audio (VoiceStream)",
    });
  });

  it("after Five9 revoked the grant: authorization FAIL, dependants skipped, no 'contact support', and the cards agree", async () => {
    expect(await sandbox.client.revokeGrants({ domainId: domain.domainId })).toBeGreaterThan(0);
    await executeHealthRun((await startHealthRun(installer.tenant.id, "manual", installer.user.email)).id);
    const byId = await resultsById();
    expect(byId.token).toMatchObject({ status: "fail", fixHint: expect.stringMatching(/Re-authorize/) });
    for (const id of ["scopes", "rest_api", "rate_limit"]) {
      expect(byId[id], id).toMatchObject({ status: "skipped", message: "Skipped: needs a working Five9 authorization." });
    }
    for (const r of Object.values(byId)) expect(r.fixHint ?? "", r.checkId).not.toMatch(/Loris support/);

    const view = await tenantStatusView(installer.tenant.id);
    expect(view).toMatchObject({ status: "needs_reauthorization", authorizationFailing: true, authorization: "Connect with Five9 · Five9 no longer accepts it: re-authorize", tokenRenews: "—" });
  });

  it("a failed authorization check newer than the connection counts even if the stored state still says active; a later re-authorization clears it", () => {
    const base = { tenant: { status: "installed" as const }, install: { dataKinds: ["call_log"], completedAt: new Date() }, supervisor: null, legacy: null, voiceStream: null };
    const connection = { grantType: "client_credentials" as const, clientId: "c1", state: "active" as const, tokenExpiresAt: new Date(), updatedAt: new Date("2026-12-01T10:00:00Z") };
    const failedCheck = { status: "fail" as const, message: "refused", finishedAt: new Date("2026-12-01T10:05:00Z") };
    expect(deriveTenantStatus({ ...base, connection, lastTokenCheck: failedCheck })).toMatchObject({ status: "needs_reauthorization", authorization: "API client c1 · Five9 no longer accepts it: re-authorize" });
    const reauthorized = { ...connection, updatedAt: new Date("2026-12-01T10:10:00Z") };
    expect(deriveTenantStatus({ ...base, connection: reauthorized, lastTokenCheck: failedCheck })).toMatchObject({ status: "installed", authorization: "API client c1 · Active", legacyExport: "Not used", liveAudio: "Not used", dataPath: "Five9 APIs (call log)" });
  });

  it("an FTP export that is not used is reported as not used (skipped), not PASS", async () => {
    await db().legacyExportSource.deleteMany({ where: { tenantId: installer.tenant.id } });
    const check = HEALTH_CHECKS.find((c) => c.id === "legacy_export")!;
    const install = await db().install.findUniqueOrThrow({ where: { tenantId: installer.tenant.id } });
    expect(await check.run({ tenant: installer.tenant, install })).toMatchObject({ status: "skipped", message: expect.stringMatching(/^Not used/) });
  });
});
