// The audit log is complete and usable: a person's checks are theirs, failed
// attempts are there with why, and the log pages, filters and exports as CSV
// through the tenant guard.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as getAudit } from "@/app/api/tenants/[slug]/audit/route";
import { GET as getAuditCsv } from "@/app/api/tenants/[slug]/audit/csv/route";
import { db } from "./db";
import { recordAudit } from "./audit";
import { runHealthChecks } from "./health/run-checks-action";
import { chooseDomain } from "./install/choose-domain";
import { beginFive9Authorization, completeFive9Authorization } from "./install/five9-authorization";
import { saveHistoryAccess } from "./install/save-history-access";
import { five9SandboxPerFile } from "../test/support/five9-sim";
import { answerConsent } from "../test/support/five9-sim";
import { authorizedInstaller as authorizedInstallerIn, failureOf, newInstaller, unwrap } from "../test/support/install-flow";
import { createTenant, createUser } from "../test/support/fixtures";
import { requestAs } from "../test/support/sessions";

const sandbox = five9SandboxPerFile({ seed: 41 });
const ctx = (slug: string) => ({ params: Promise.resolve({ slug }) });
const failuresOf = (tenantId: string, action: string) => db().auditLog.findMany({ where: { tenantId, action, outcome: "failure" }, orderBy: { createdAt: "asc" } });
const authorizedInstaller = () => authorizedInstallerIn(sandbox);
const reasonOf = (entry: { details: unknown }) => (entry.details as { reason?: string } | null)?.reason;

describe("who did it", () => {
  it("logs checks started by a person as that person", async () => {
    const { installer } = await authorizedInstaller();
    let work: (() => Promise<unknown>) | undefined;
    unwrap(await runHealthChecks((w) => { work = w; })(installer.cookies, { slug: installer.tenant.slug }));
    await work!();
    const entry = await db().auditLog.findFirstOrThrow({ where: { tenantId: installer.tenant.id, action: "health.run" } });
    expect(entry).toMatchObject({ actorUserId: installer.user.id, actorEmail: installer.user.email });
  });
});

describe("failed attempts are logged, with why", () => {
  it("a Supervisor login Five9 refused", async () => {
    const { installer, domain } = await authorizedInstaller();
    failureOf(await saveHistoryAccess(installer.cookies, { slug: installer.tenant.slug, legacyEnabled: false, supervisorUsername: domain.supervisor.username, supervisorPassword: "wrong-password" }));
    const [entry] = await failuresOf(installer.tenant.id, "install.supervisor_login");
    expect(entry).toMatchObject({ actorUserId: installer.user.id, target: domain.supervisor.username });
    expect(reasonOf(entry!)).toMatch(/did not accept/);
    expect(JSON.stringify(entry)).not.toContain("wrong-password");
  });

  it("an FTP/SFTP login the export server refused", async () => {
    const { installer, domain } = await authorizedInstaller();
    const ftp = sandbox.sim.legacy.createExportCredentials(domain.domainId, { sessionIdNaming: true });
    failureOf(await saveHistoryAccess(installer.cookies, {
      slug: installer.tenant.slug, legacyEnabled: true, supervisorUsername: domain.admin.username, supervisorPassword: domain.admin.password,
      legacy: { protocol: "ftp", host: "127.0.0.1", port: sandbox.sim.ftpPort, username: ftp.username, password: "not-the-password", folder: "/" },
    }));
    const [entry] = await failuresOf(installer.tenant.id, "install.legacy_export_login");
    expect(entry).toMatchObject({ actorUserId: installer.user.id, target: `ftp://127.0.0.1:${sandbox.sim.ftpPort}` });
    expect(reasonOf(entry!)).toMatch(/refused the username or password/);
    expect(JSON.stringify(entry)).not.toContain("not-the-password");
  });

  it("Connect with Five9 declined, or with scopes left out", async () => {
    const domain = await sandbox.newDomain();
    const installer = await newInstaller();
    const slug = installer.tenant.slug;
    unwrap(await chooseDomain(installer.cookies, { slug, region: "us", domainId: domain.domainId }));
    const denied = unwrap(await beginFive9Authorization(installer.cookies, { slug }));
    await completeFive9Authorization(installer.viewer, denied.binding, await answerConsent(sandbox.sim, denied.url, "deny"));
    const partial = unwrap(await beginFive9Authorization(installer.cookies, { slug }));
    await completeFive9Authorization(installer.viewer, partial.binding, await answerConsent(sandbox.sim, partial.url, { approveAs: domain.admin, grantOnly: ["domains:read"] }));
    const entries = await failuresOf(installer.tenant.id, "install.authorize");
    expect(entries.map(reasonOf)).toEqual(["denied", "missing_scopes"]);
    for (const e of entries) expect(e.actorUserId).toBe(installer.user.id);
  });

  it("Connect with Five9 approved for another Five9 domain", async () => {
    const chosen = await sandbox.newDomain();
    const other = await sandbox.newDomain();
    const installer = await newInstaller();
    unwrap(await chooseDomain(installer.cookies, { slug: installer.tenant.slug, region: "us", domainId: chosen.domainId }));
    const start = unwrap(await beginFive9Authorization(installer.cookies, { slug: installer.tenant.slug }));
    await completeFive9Authorization(installer.viewer, start.binding, await answerConsent(sandbox.sim, start.url, { approveAs: other.admin }));
    const [entry] = await failuresOf(installer.tenant.id, "install.authorize");
    expect(reasonOf(entry!)).toBe("wrong_domain");
    expect(entry!.actorUserId).toBe(installer.user.id);
  });
});

describe("reading the log", () => {
  let slug: string;
  let admin: { id: string; email: string };
  let colleague: { id: string; email: string };
  let outsider: { id: string };

  beforeAll(async () => {
    const tenant = await createTenant("audit-read");
    slug = tenant.slug;
    admin = await createUser({ tenantIds: [tenant.id] });
    colleague = await createUser({ tenantIds: [tenant.id] });
    outsider = await createUser({ tenantIds: [(await createTenant()).id] });
    // 7 entries: 4 by the admin (one failed), 2 by the colleague, 1 by the system; all at distinct times.
    const rows = [
      { action: "install.started", actor: admin }, { action: "install.authorize", actor: admin, outcome: "failure" as const, details: { reason: "denied" } },
      { action: "install.authorize", actor: admin }, { action: "tenant.rename", actor: colleague, target: '=HYPERLINK("x")' },
      { action: "health.run", actor: null }, { action: "backfill.created", actor: colleague }, { action: "health.run", actor: admin },
    ];
    for (const [i, r] of rows.entries()) {
      await recordAudit({ tenantId: tenant.id, ...r });
      await db().auditLog.updateMany({ where: { tenantId: tenant.id, action: r.action, createdAt: { gt: new Date(Date.UTC(2026, 0, 1)) } }, data: { createdAt: new Date(Date.UTC(2025, 10, 1, 12, i)) } });
    }
  });

  const api = async (userId: string, query: string) => getAudit(await requestAs(userId, `http://x/api/tenants/${slug}/audit?${query}`), ctx(slug));

  it("pages newest first, each entry once", async () => {
    const seen: string[] = [];
    let next: string | null = null;
    let pages = 0;
    do {
      const res = await api(admin.id, `take=3${next ? `&after=${encodeURIComponent(next)}` : ""}`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { entries: { id: string; createdAt: string }[]; next: string | null };
      seen.push(...body.entries.map((e) => e.createdAt));
      next = body.next;
      pages++;
    } while (next);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(7);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it("filters by action, person and outcome", async () => {
    const of = async (query: string) => ((await (await api(admin.id, query)).json()) as { entries: { action: string; actor: string | null; outcome: string; reason: string | null }[] }).entries;
    expect((await of("action=install.authorize")).map((e) => e.outcome)).toEqual(["success", "failure"]);
    expect((await of(`person=${encodeURIComponent(colleague.email.toUpperCase())}`)).map((e) => e.action)).toEqual(["backfill.created", "tenant.rename"]);
    expect((await of("person=system")).map((e) => e.action)).toEqual(["health.run"]);
    expect(await of("outcome=failure")).toEqual([expect.objectContaining({ action: "install.authorize", reason: "denied" })]);
    expect(await of(`action=health.run&person=${encodeURIComponent(admin.email)}`)).toHaveLength(1);
  });

  it("says what is wrong with a filter, in words, and refuses unknown ones", async () => {
    const bad = await api(admin.id, "outcome=maybe");
    expect(bad.status).toBe(400);
    const message = ((await bad.json()) as { error: { message: string } }).error.message;
    expect(message).toBe("Invalid filter: Outcome: must be “success” or “failure”");
    expect(message).not.toMatch(/Invalid option|expected one of/);
    const unknown = await api(admin.id, "colour=red");
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toBe("Invalid filter: “colour” is not a filter of the activity log");
  });

  it("exports the filtered log as CSV through the tenant guard", async () => {
    const res = await getAuditCsv(await requestAs(admin.id, `http://x/api/tenants/${slug}/audit/csv`), ctx(slug));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="loris-audit-audit-read-\d{4}-\d\d-\d\d\.csv"/);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe("Time (UTC),Person,Action,Target,Outcome,Reason,Details");
    expect(lines).toHaveLength(8);
    expect(lines[1]).toMatch(/^2025-11-01 12:06:00 UTC,/);
    expect(lines.find((l) => l.includes("tenant.rename"))).toContain(`"'=HYPERLINK(""x"")"`); // a spreadsheet does not run it
    expect(lines.find((l) => l.includes(",failure,"))).toContain(",denied,");

    const failures = await getAuditCsv(await requestAs(admin.id, `http://x/api/tenants/${slug}/audit/csv?outcome=failure`), ctx(slug));
    expect((await failures.text()).trim().split("\r\n")).toHaveLength(2);
    expect((await getAuditCsv(await requestAs(outsider.id, `http://x/api/tenants/${slug}/audit/csv`), ctx(slug))).status).toBe(404);
    expect((await getAuditCsv(await requestAs(null, `http://x/api/tenants/${slug}/audit/csv`), ctx(slug))).status).toBe(401);
  });
});
