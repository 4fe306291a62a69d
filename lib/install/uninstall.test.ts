// Uninstall: tokens revoked at Five9, credentials forgotten, the domain
// released; with "delete", a DataDeletion whose job removes this tenant's
// rows — and only this tenant's.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { openConnectionSecrets } from "../five9/connection-store";
import { five9SandboxPerFile, type SimDomainFixture } from "../../test/support/five9-sim";
import { failureOf, installTenant, newInstaller, unwrap, type Installer } from "../../test/support/install-flow";
import { chooseDomain } from "./choose-domain";
import { deleteTenantData } from "./delete-tenant-data";
import { tenantDataTables } from "./tenant-tables";
import { uninstall } from "./uninstall";

const sandbox = five9SandboxPerFile({ seed: 27 });

/** Every table of tenant data, from the schema. */
const TENANT_TABLES = tenantDataTables().map((t) => t.table);

/** Rows per tenant table, for one tenant. */
async function rowCounts(tenantId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of TENANT_TABLES) {
    const rows = await db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM "${table}" WHERE "tenantId" = $1`, tenantId);
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

let leaving: Installer;
let leavingDomain: SimDomainFixture;
let staying: Installer;

beforeAll(async () => {
  leaving = await newInstaller();
  leavingDomain = await sandbox.newDomain();
  await installTenant(sandbox, leaving, leavingDomain, { authorize: "connect" });
  staying = await newInstaller();
  await installTenant(sandbox, staying, await sandbox.newDomain());
});

describe("uninstall", () => {
  it("asks for the workspace id and changes nothing without it", async () => {
    const error = failureOf(await uninstall(leaving.cookies, { slug: leaving.tenant.slug, data: "delete", confirm: "nope" }));
    expect(error.fields?.confirm).toContain(leaving.tenant.slug);
    expect((await db().tenant.findUniqueOrThrow({ where: { id: leaving.tenant.id } })).status).toBe("installed");
  });

  it("revokes at Five9, forgets credentials, releases the domain and queues the deletion", async () => {
    const accessToken = openConnectionSecrets(await db().five9Connection.findUniqueOrThrow({ where: { tenantId: leaving.tenant.id } })).accessToken!;
    const stayingBefore = await rowCounts(staying.tenant.id);

    const result = unwrap(await uninstall(leaving.cookies, { slug: leaving.tenant.slug, data: "delete", confirm: leaving.tenant.slug }));
    expect(result).toMatchObject({ revocation: "revoked", deletionId: expect.any(String) });

    // At Five9: the grant is revoked and the last access token no longer works.
    expect(await sandbox.client.oauthGrants({ domainId: leavingDomain.domainId })).toEqual([expect.objectContaining({ revoked: true })]);
    const rest = await fetch(`${sandbox.sim.baseUrl}/domains/v1/domains/${leavingDomain.domainId}`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(rest.status).toBe(401);

    expect(await db().tenant.findUniqueOrThrow({ where: { id: leaving.tenant.id } })).toMatchObject({ status: "uninstalled", five9DomainId: null });
    const counts = await rowCounts(leaving.tenant.id);
    expect(counts).toMatchObject({ Five9Connection: 0, SupervisorCredential: 0, LegacyExportSource: 0, OAuthState: 0, Install: 0, VoiceStreamSubscription: 1 });
    expect((await db().voiceStreamSubscription.findUniqueOrThrow({ where: { tenantId: leaving.tenant.id } })).disabledAt).not.toBeNull();
    expect(await db().dataDeletion.findUniqueOrThrow({ where: { id: result.deletionId! } })).toMatchObject({ tenantId: leaving.tenant.id, status: "queued", requestedBy: leaving.user.email });
    const queued = await db().$queryRawUnsafe<{ data: { deletionId: string } }[]>(`SELECT data FROM pgboss.job WHERE name = 'tenant.delete-data'`);
    expect(queued.map((j) => j.data.deletionId)).toContain(result.deletionId);
    const audit = await db().auditLog.findFirstOrThrow({ where: { tenantId: leaving.tenant.id, action: "install.uninstalled" } });
    expect(audit.details).toMatchObject({ tokens: "revoked", data: "delete" });

    // The other workspace is untouched, and the released domain can be claimed again.
    expect(await rowCounts(staying.tenant.id)).toEqual(stayingBefore);
    const next = await newInstaller();
    unwrap(await chooseDomain(next.cookies, { slug: next.tenant.slug, region: "us", domainId: leavingDomain.domainId }));
    // Uninstalling twice is refused.
    expect(failureOf(await uninstall(leaving.cookies, { slug: leaving.tenant.slug, data: "delete", confirm: leaving.tenant.slug })).code).toBe("conflict");
  });

  it("deleteTenantData reports what it removed and removes only that tenant's rows", async () => {
    const deletion = await db().dataDeletion.findFirstOrThrow({ where: { tenantId: leaving.tenant.id } });
    const before = await rowCounts(leaving.tenant.id);
    expect(before.HealthRun).toBeGreaterThan(0);
    const stayingBefore = await rowCounts(staying.tenant.id);
    const auditBefore = await db().auditLog.count({ where: { tenantId: leaving.tenant.id } });

    const deleted = await deleteTenantData(deletion.id);
    // Every table of tenant data is counted; only blob files come on top (none here).
    expect(deleted).toMatchObject(before);
    expect(Object.entries(deleted).filter(([table]) => !(table in before)).every(([, n]) => n === 0)).toBe(true);
    expect(Object.values(await rowCounts(leaving.tenant.id)).every((n) => n === 0)).toBe(true);
    const total = Object.values(before).reduce((a, b) => a + b, 0);
    expect(await db().dataDeletion.findUniqueOrThrow({ where: { id: deletion.id } })).toMatchObject({ status: "done", total, done: total, finishedAt: expect.any(Date), report: { deleted, total } });
    expect(await rowCounts(staying.tenant.id)).toEqual(stayingBefore);
    // The audit log is the record of the uninstall: kept, with the deletion added.
    expect(await db().auditLog.count({ where: { tenantId: leaving.tenant.id } })).toBe(auditBefore + 1);
  });

  it("with data kept, an API client install is revoked and forgotten but no deletion starts", async () => {
    const runsBefore = await db().healthRun.count({ where: { tenantId: staying.tenant.id } });
    const result = unwrap(await uninstall(staying.cookies, { slug: staying.tenant.slug, data: "keep", confirm: staying.tenant.slug }));
    expect(result).toMatchObject({ revocation: "revoked", deletionId: null });
    // An API client install: the client itself stays in Five9 until the admin deletes it there.
    expect(result.leftovers).toEqual([expect.objectContaining({ kind: "voicestream_subscription" }), expect.objectContaining({ kind: "api_client", identify: expect.stringMatching(/^The API client /), where: expect.stringMatching(/API Access Control/) })]);
    expect(await db().dataDeletion.count({ where: { tenantId: staying.tenant.id } })).toBe(0);
    expect(await db().five9Connection.count({ where: { tenantId: staying.tenant.id } })).toBe(0);
    expect(await db().healthRun.count({ where: { tenantId: staying.tenant.id } })).toBe(runsBefore);
  });
});
