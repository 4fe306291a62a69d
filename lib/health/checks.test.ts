// Health checks of an installed tenant when Five9 misbehaves (simulator
// levers and faults): each problem is a warning or a failure that says what
// happened and what to do, never a crash.
import type { HealthResult } from "@prisma/client";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "../db";
import { five9SandboxPerFile } from "../../test/support/five9-sim";
import { installTenant, newInstaller, type Installer } from "../../test/support/install-flow";
import { executeHealthRun, healthHistory, latestHealthRun, startHealthRun } from "./run-health-checks";

// A small REST budget, so a handful of calls leaves little headroom.
const sandbox = five9SandboxPerFile({ seed: 28, restLimits: { perMinute: 12 } });

let installer: Installer;
let domainId: string;

beforeEach(async () => {
  await sandbox.client.clearFaults();
  installer = await newInstaller();
  const domain = await sandbox.newDomain();
  domainId = domain.domainId;
  await installTenant(sandbox, installer, domain);
});

/** Runs every check now; the results by check id. */
async function runChecks(): Promise<Record<string, HealthResult>> {
  await executeHealthRun((await startHealthRun(installer.tenant.id, "manual")).id);
  const run = await latestHealthRun(installer.tenant.id);
  return Object.fromEntries(run!.results.map((r) => [r.checkId, r]));
}

describe("health checks against a misbehaving Five9", () => {
  it("warns when Five9 reports little rate-limit headroom (X-RateLimit-Remaining)", async () => {
    const results = await runChecks();
    expect(results.rate_limit).toMatchObject({ status: "warn", message: expect.stringMatching(/^Only \d+ API requests left in this minute/), fixHint: expect.stringMatching(/backs off/) });
    expect(results.rest_api!.status).toBe("pass");
  });

  it("warns, not fails, when Five9 answers 429", async () => {
    await sandbox.client.addFault({ endpoint: `/domains/v1/domains/${domainId}`, type: "status", status: 429, retryAfterSeconds: 5 });
    const results = await runChecks();
    expect(results.rest_api).toMatchObject({ status: "warn", message: expect.stringMatching(/rate limit was reached/) });
    expect(results.rate_limit!.status).toBe("warn");
  });

  it("explains a domain migrated to another data center", async () => {
    await sandbox.client.markMigrated(domainId);
    const results = await runChecks();
    for (const id of ["soap_api", "supervisor_api"]) {
      expect(results[id], id).toMatchObject({ status: "fail", message: expect.stringMatching(/moved to another data center/), fixHint: expect.stringMatching(/region/) });
    }
  });

  it("says to re-authorize when Five9 no longer accepts the token", async () => {
    await sandbox.client.addFault({ endpoint: `/domains/v1/domains/${domainId}`, type: "token_revoked" });
    const results = await runChecks();
    expect(results.token).toMatchObject({ status: "fail", message: expect.stringMatching(/even after renewing/), fixHint: expect.stringMatching(/Re-authorize/) });
    // The REST check needs a working authorization: it says it was skipped rather than failing (or passing) on its own.
    expect(results.rest_api).toMatchObject({ status: "skipped", message: "Skipped: needs a working Five9 authorization." });
  });

  it("renews an access token Five9 revoked before its expiry, and then passes", async () => {
    const before = await db().five9Connection.findUniqueOrThrow({ where: { tenantId: installer.tenant.id } });
    await sandbox.client.addFault({ endpoint: `/domains/v1/domains/${domainId}`, type: "token_revoked", count: 1 });
    const results = await runChecks();
    expect(results.token).toMatchObject({ status: "pass", message: expect.stringMatching(/stopped accepting the access token; Loris renewed it/) });
    expect(results.rest_api!.status).toBe("pass");
    const after = await db().five9Connection.findUniqueOrThrow({ where: { tenantId: installer.tenant.id } });
    expect(after.accessTokenSealed).not.toBe(before.accessTokenSealed);
  });

  it("fails the V1 check with the FTP server's answer when the export login is gone", async () => {
    const source = await db().legacyExportSource.findUniqueOrThrow({ where: { tenantId: installer.tenant.id } });
    expect(sandbox.sim.legacy.accounts.remove(source.username)).toBe(true);
    const results = await runChecks();
    expect(results.legacy_export).toMatchObject({ status: "fail", message: expect.stringMatching(/refused the username or password/), fixHint: expect.stringMatching(/History access/) });
  });

  it("fails the authorization check once the connection needs re-authorization, and keeps the history", async () => {
    await db().five9Connection.update({ where: { tenantId: installer.tenant.id }, data: { state: "needs_reauthorization", lastRefreshError: "revoked by an admin" } });
    const results = await runChecks();
    expect(results.token).toMatchObject({ status: "fail", message: expect.stringContaining("revoked by an admin"), fixHint: expect.stringMatching(/Re-authorize/) });
    expect(results.rest_api!.status).toBe("skipped");
    expect(results.scopes!.status).toBe("skipped");
    const history = await healthHistory(installer.tenant.id);
    expect(history).toHaveLength(2);
    const audit = await db().auditLog.findFirstOrThrow({ where: { tenantId: installer.tenant.id, action: "health.run" }, orderBy: { createdAt: "desc" } });
    expect(audit.outcome).toBe("failure");
  });
});
